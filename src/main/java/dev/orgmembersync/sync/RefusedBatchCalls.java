package dev.orgmembersync.sync;

import java.util.concurrent.atomic.LongAdder;

/**
 * The calls spent because Auth0 refused a batch for users that do not exist: user searches and lookups, resends
 * and halves (the refused call itself not included). Carried across a resumed run by {@link ApiTotalsRecorder}.
 */
class RefusedBatchCalls {

    private final LongAdder made = new LongAdder();
    private volatile long carried;

    void spent() {
        made.increment();
    }

    void carry(long earlier) {
        carried = earlier;
    }

    long total() {
        return carried + made.sum();
    }
}

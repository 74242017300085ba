package dev.orgmembersync.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The tenant's users' emails, as Auth0 answers for them: stored as given (Auth0 lower-cases database users'
 * emails but keeps an identity provider's spelling), searched exactly and case-sensitively, several accounts
 * allowed per email. Generated user {@code n} has {@link SyntheticIds#email(int)} on the database connection.
 */
final class UserEmails {

    static final String DATABASE_CONNECTION = "Username-Password-Authentication";

    /** One account with an email. */
    record Account(String userId, String email, String connection) {
    }

    private final Map<String, List<Account>> byEmail = new ConcurrentHashMap<>();
    private final List<Account> all = new ArrayList<>();
    private volatile int syntheticCount;

    synchronized void add(Account account) {
        byEmail.computeIfAbsent(account.email(), k -> new ArrayList<>()).add(account);
        all.add(account);
    }

    void generate(int count) {
        syntheticCount = Math.max(syntheticCount, count);
    }

    /** Exact, case-sensitive match, as {@code GET /api/v2/users-by-email} does. */
    synchronized List<Account> find(String email) {
        List<Account> found = new ArrayList<>(byEmail.getOrDefault(email, List.of()));
        int n = SyntheticIds.emailNumber(email);
        if (n >= 1 && n <= syntheticCount) {
            found.add(new Account(SyntheticIds.userId(n), email, DATABASE_CONNECTION));
        }
        return found;
    }

    /** The connection of the account with this user id, when it has an email here. */
    synchronized java.util.Optional<String> connectionOf(String userId) {
        for (Account account : all) {
            if (account.userId().equals(userId)) {
                return java.util.Optional.of(account.connection());
            }
        }
        return SyntheticIds.userNumber(userId) >= 1 && SyntheticIds.userNumber(userId) <= syntheticCount
                ? java.util.Optional.of(DATABASE_CONNECTION) : java.util.Optional.empty();
    }

    /** Every account with an email: the explicit ones, then the generated ones (computed, not stored). */
    void forEach(Consumer<Account> consumer) {
        List<Account> explicit;
        synchronized (this) {
            explicit = List.copyOf(all);
        }
        explicit.forEach(consumer);
        for (int n = 1; n <= syntheticCount; n++) {
            consumer.accept(new Account(SyntheticIds.userId(n), SyntheticIds.email(n), DATABASE_CONNECTION));
        }
    }
}

-- The ledger: every input row of a run with its status, so a restart resumes from what is recorded here.
-- Portable SQL for H2 2.x and PostgreSQL; run at every start (IF NOT EXISTS).
CREATE TABLE IF NOT EXISTS sync_ledger (
    run_id            BIGINT        NOT NULL,
    line              BIGINT        NOT NULL,
    organization_id   VARCHAR(80),
    organization_name VARCHAR(80),
    user_id           VARCHAR(300),
    status            VARCHAR(32)   NOT NULL,
    detail            VARCHAR(2000),
    PRIMARY KEY (run_id, line)
);
CREATE INDEX IF NOT EXISTS sync_ledger_member ON sync_ledger (run_id, organization_id, user_id);
-- The add step pages pending rows in this order, so the index serves each page without a sort.
CREATE INDEX IF NOT EXISTS sync_ledger_pending ON sync_ledger (run_id, status, organization_id, line);

-- Members found in Auth0 that the input does not list (reported, never removed).
CREATE TABLE IF NOT EXISTS sync_unlisted (
    run_id          BIGINT       NOT NULL,
    organization_id VARCHAR(80)  NOT NULL,
    user_id         VARCHAR(300) NOT NULL,
    PRIMARY KEY (run_id, organization_id, user_id)
);

-- Organizations of a run and how far each has got, so a restart does not page them again.
CREATE TABLE IF NOT EXISTS sync_organization (
    run_id          BIGINT      NOT NULL,
    organization_id VARCHAR(80) NOT NULL,
    snapshot_done   BOOLEAN     NOT NULL,
    PRIMARY KEY (run_id, organization_id)
);

-- One row per input (content hash and mode): the run counter, and the row lock that keeps two
-- processes from working on the same input at once.
CREATE TABLE IF NOT EXISTS sync_input (
    input_key  VARCHAR(100) NOT NULL PRIMARY KEY,
    run_number BIGINT       NOT NULL
);

-- Tables shared by all runs; portable SQL for H2 2.x and PostgreSQL, run at every start (IF NOT EXISTS).
-- Each run's rows live in their own table, sync_ledger_<run id>, created by the run (see Ledger).

-- Members found in Auth0 that the input does not list: reported, and in mirror mode removal candidates.
CREATE TABLE IF NOT EXISTS sync_unlisted (
    run_id          BIGINT       NOT NULL,
    organization_id VARCHAR(80)  NOT NULL,
    user_id         VARCHAR(300) NOT NULL,
    PRIMARY KEY (run_id, organization_id, user_id)
);
-- Mirror mode (added later: older tables lack them; a NULL status is UNLISTED_MEMBER): the member's email as
-- Auth0 lists it, and where its removal stands.
ALTER TABLE sync_unlisted ADD COLUMN IF NOT EXISTS email VARCHAR(320);
ALTER TABLE sync_unlisted ADD COLUMN IF NOT EXISTS status VARCHAR(32);
ALTER TABLE sync_unlisted ADD COLUMN IF NOT EXISTS detail VARCHAR(2000);

-- Organizations of a run and how far each has got, so a restart does not page them again.
CREATE TABLE IF NOT EXISTS sync_organization (
    run_id          BIGINT      NOT NULL,
    organization_id VARCHAR(80) NOT NULL,
    snapshot_done   BOOLEAN     NOT NULL,
    PRIMARY KEY (run_id, organization_id)
);
-- Members the snapshot listed, for the report page's "members before" (added later: older tables lack it).
ALTER TABLE sync_organization ADD COLUMN IF NOT EXISTS members_listed BIGINT;

-- One row per input (content hash and mode): the row lock that keeps two
-- processes from working on the same input at once. run_number is the run counter of earlier versions,
-- read once to fill sync_run.
CREATE TABLE IF NOT EXISTS sync_input (
    input_key  VARCHAR(100) NOT NULL PRIMARY KEY,
    run_number BIGINT       NOT NULL
);

-- The runs of each input, one row per run number, committed before the run's job starts: the current
-- run is the highest (a counter updated under the lock would be rolled back by a kill). Rows of runs
-- dropped from the history (sync.history.keep-runs) are deleted with them.
CREATE TABLE IF NOT EXISTS sync_run (
    input_key  VARCHAR(100) NOT NULL,
    run_number BIGINT       NOT NULL,
    PRIMARY KEY (input_key, run_number)
);

-- Invitations this job created, or was creating when it stopped (state SENDING: the POST may have been
-- applied), for every run: an organization and email are never invited twice. expires_at is ISO-8601 text.
CREATE TABLE IF NOT EXISTS sync_invitation (
    organization_id VARCHAR(80)  NOT NULL,
    email           VARCHAR(320) NOT NULL,
    state           VARCHAR(16)  NOT NULL,
    invitation_id   VARCHAR(100),
    expires_at      VARCHAR(40),
    run_id          BIGINT       NOT NULL,
    PRIMARY KEY (organization_id, email)
);

-- Organization roles asked for by the input's roles column: one row per input line with roles, holding the roles
-- it names and those Auth0 listed for the member at the snapshot (JSON arrays of {"id","name"}; current_roles NULL
-- until the snapshot lists the member), which changes Auth0 confirmed (each recorded the moment it answered, so
-- none is sent twice), and once done the roles after the run and the change for the report.
CREATE TABLE IF NOT EXISTS sync_row_roles (
    run_id        BIGINT        NOT NULL,
    line          BIGINT        NOT NULL,
    wanted        VARCHAR(4000) NOT NULL,
    current_roles VARCHAR(4000),
    added         BOOLEAN       NOT NULL,
    removed       BOOLEAN       NOT NULL,
    done          BOOLEAN       NOT NULL,
    roles_after   VARCHAR(2000),
    role_change   VARCHAR(2000),
    PRIMARY KEY (run_id, line)
);

-- The pace each rate-limit bucket of a tenant was found to allow (calls per minute), by the run that last
-- learned it: the next run starts there instead of at Auth0's documented numbers. tenant is the host of the
-- token audience (the canonical tenant domain, also when calls go through a custom domain).
CREATE TABLE IF NOT EXISTS sync_pace (
    tenant     VARCHAR(300)     NOT NULL,
    bucket     VARCHAR(40)      NOT NULL,
    per_minute DOUBLE PRECISION NOT NULL,
    run_id     BIGINT           NOT NULL,
    PRIMARY KEY (tenant, bucket)
);

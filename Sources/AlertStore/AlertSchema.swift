public import Postgres

/// The alert tables, as versioned migrations (applied at start by ``Migrator``). Times are milliseconds since
/// the epoch (`*_ms bigint`), exactly what the server computes with; rule definitions are JSON documents
/// (docs/api.md "Rule"), so adding a rule field needs no migration.
public enum AlertSchema: Sendable {
    public static let migrations: [Migration] = [
        Migration(
            version: 1,
            name: "alert rules, alerts, pair states, notification outbox",
            sql: """
                CREATE TABLE alert_rules (
                    id uuid PRIMARY KEY,
                    name text NOT NULL,
                    enabled boolean NOT NULL,
                    definition jsonb NOT NULL,
                    created_ms bigint NOT NULL,
                    updated_ms bigint NOT NULL
                );
                CREATE TABLE alerts (
                    id uuid PRIMARY KEY,
                    rule_id uuid NOT NULL,
                    rule_name text NOT NULL,
                    subject_key text NOT NULL,
                    subject jsonb NOT NULL,
                    metric text NOT NULL,
                    severity text NOT NULL,
                    operator text NOT NULL,
                    threshold double precision NOT NULL,
                    state text NOT NULL CHECK (state IN ('firing', 'resolved')),
                    value double precision,
                    started_ms bigint NOT NULL,
                    resolved_ms bigint,
                    reason text,
                    dismissed boolean NOT NULL DEFAULT false
                );
                CREATE INDEX alerts_by_start ON alerts (started_ms DESC, id);
                CREATE INDEX alerts_firing ON alerts (rule_id) WHERE state = 'firing';
                CREATE TABLE alert_pair_states (
                    rule_id uuid NOT NULL,
                    subject_key text NOT NULL,
                    subject jsonb NOT NULL,
                    phase text NOT NULL CHECK (phase IN ('ok', 'pending', 'firing', 'silenced')),
                    since_ms bigint,
                    value double precision,
                    last_notified_ms bigint,
                    alert_id uuid,
                    PRIMARY KEY (rule_id, subject_key)
                );
                CREATE TABLE notification_outbox (
                    id uuid PRIMARY KEY,
                    alert_id uuid NOT NULL,
                    rule_id uuid NOT NULL,
                    channel text NOT NULL,
                    kind text NOT NULL,
                    event jsonb NOT NULL,
                    status text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
                    attempts integer NOT NULL,
                    next_attempt_ms bigint NOT NULL,
                    last_error text,
                    created_ms bigint NOT NULL,
                    delivered_ms bigint
                );
                CREATE INDEX outbox_open ON notification_outbox (created_ms) WHERE status <> 'delivered';
                """
        ),
        // Pod and container keys gained the reporting node (AlertSubject.key): rewritten from the stored subject, so
        // open alerts and pair states carry on under their new keys instead of resolving and firing again.
        Migration(
            version: 2,
            name: "pod and container subject keys include the node",
            sql: """
                UPDATE alert_pair_states SET subject_key = CASE subject->>'kind'
                    WHEN 'pod' THEN concat_ws('/', 'pod', subject->>'node', subject->>'namespace', subject->>'pod')
                    ELSE concat_ws('/', 'container', subject->>'node', subject->>'namespace', subject->>'pod',
                                   subject->>'container') END
                    WHERE subject->>'kind' IN ('pod', 'container');
                UPDATE alerts SET subject_key = CASE subject->>'kind'
                    WHEN 'pod' THEN concat_ws('/', 'pod', subject->>'node', subject->>'namespace', subject->>'pod')
                    ELSE concat_ws('/', 'container', subject->>'node', subject->>'namespace', subject->>'pod',
                                   subject->>'container') END
                    WHERE subject->>'kind' IN ('pod', 'container');
                """
        ),
        // One-time facts about this database, e.g. that the default rules were offered (never again, so that
        // deleting them sticks).
        Migration(
            version: 3,
            name: "settings",
            sql: """
                CREATE TABLE alert_settings (name text PRIMARY KEY, set_ms bigint NOT NULL);
                """
        ),
        // What the subject was doing when the alert fired (AlertContext, JSON), and the profile its rule asked
        // for, kept as long as the alert. No foreign key: an alert row PostgreSQL set aside for its data must not
        // make its profile's row fail too (a constraint error would hold up the journal behind it).
        Migration(
            version: 4,
            name: "alert context and profiles on fire",
            sql: """
                ALTER TABLE alerts ADD COLUMN context jsonb;
                CREATE TABLE alert_profiles (
                    alert_id uuid PRIMARY KEY,
                    profile_id text NOT NULL,
                    folded bytea NOT NULL
                );
                """
        ),
        // Replicas (issue #16): who leads alerting and in which term (the fencing token every journal write of
        // the leader checks), and the alert actions a replica that does not lead asks the leader to apply.
        Migration(
            version: 5,
            name: "alerting leadership and forwarded actions",
            sql: """
                CREATE TABLE alert_leadership (
                    id integer PRIMARY KEY CHECK (id = 1),
                    term bigint NOT NULL,
                    holder text NOT NULL,
                    since_ms bigint NOT NULL
                );
                INSERT INTO alert_leadership (id, term, holder, since_ms) VALUES (1, 0, '', 0);
                CREATE TABLE alert_actions (
                    id bigserial PRIMARY KEY,
                    alert_id uuid NOT NULL,
                    action text NOT NULL CHECK (action IN ('dismiss')),
                    requested_ms bigint NOT NULL,
                    replica text NOT NULL
                );
                """
        ),
    ]
}

-- The database trusts the web role as little as it can (issue: foundation,
-- second pass). After this migration:
--   * casebook_app (the web) holds no privilege on any table: it reads and
--     writes only through the functions of sql/fn/, which take the caller's
--     session and decide visibility in SQL;
--   * casebook_admin (the CLI) manages users, organisations and keys;
--   * tables belong to casebook_owner, which cannot log in; migrations run
--     as casebook_migrator, a member of it (scripts/db.sh).
-- The audit log is rebuilt: entries are appended without any lock, and a
-- single chainer (src/store/chainer.c) links them with a keyed MAC the
-- database never sees (audit_chain), signing the head into checkpoints
-- kept outside the database.
SET search_path = cb;

-- ------------------------------------------------------------- audit
ALTER TABLE audit_log RENAME TO audit_log_legacy;
ALTER INDEX audit_log_pkey RENAME TO audit_log_legacy_pkey;
ALTER INDEX audit_log_record RENAME TO audit_log_legacy_record;
ALTER INDEX audit_log_actor RENAME TO audit_log_legacy_actor;
DROP FUNCTION audit_append(uuid, text, text, uuid, text, text, text, boolean);
DROP FUNCTION audit_append_many(bigint[], uuid[], text[], text[], uuid[],
    text[], text[], text[]);
DROP FUNCTION audit_canon(bigint, bigint, uuid, text, text, uuid, text,
    text, text);
-- Replaced by the functions of sql/fn/, which take the caller's session.
DROP FUNCTION case_view(bytea, uuid);
DROP FUNCTION session_actor(bytea);
DROP FUNCTION case_visible(uuid, text, text, text, uuid);

-- xid tells the chainer which entries can still appear below what it
-- has seen: every transaction older than its snapshot's xmin is over.
CREATE TABLE audit_log (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	at_us		bigint NOT NULL DEFAULT
			    floor(extract(epoch FROM clock_timestamp()) * 1000000),
	actor		uuid,
	actor_role	text,
	-- Names and codes only, never a value. translate() rather than a
	-- regular expression: these checks run on every read, and a regex
	-- cost a case view 8 % of its time.
	action		text NOT NULL CHECK (length(action) BETWEEN 1 AND 64
			    AND translate(action, 'abcdefghijklmnopqrstuvwxyz_.',
			    '') = ''),
	record_id	uuid,
	records		uuid[] CHECK (cardinality(records) <= 200),
	fields		text CHECK (length(fields) <= 512 AND translate(fields,
			    'abcdefghijklmnopqrstuvwxyz_.,', '') = ''),
	request_id	text CHECK (length(request_id) <= 64 AND
			    translate(request_id, '0123456789abcdef', '') = ''),
	outcome		text NOT NULL CHECK (length(outcome) BETWEEN 1 AND 32
			    AND translate(outcome, 'abcdefghijklmnopqrstuvwxyz_',
			    '') = ''),
	xid		xid8 NOT NULL DEFAULT pg_current_xact_id()
);
-- Only what appending needs: every other index is kept on the chain,
-- which the chainer writes in batches off the request path (an index on
-- a random uuid cost a read a third of its throughput here).
CREATE INDEX audit_log_xid ON audit_log (xid);

-- History so far keeps its time, actor and order, and is chained anew
-- under the keyed MAC when the server next starts.
INSERT INTO audit_log (at_us, actor, actor_role, action, record_id, fields,
    request_id, outcome)
SELECT at_us, actor, actor_role, action, record_id, fields, request_id,
    outcome
FROM audit_log_legacy ORDER BY seq;
DROP TABLE audit_log_legacy;
DROP TABLE audit_head;

-- The chain: seq is the chain position, mac = MAC(key, prev mac ||
-- canonical(seq, entry)) as computed by src/domain/audit.c.
CREATE TABLE audit_chain (
	seq		bigint PRIMARY KEY CHECK (seq > 0),
	entry_id	bigint NOT NULL UNIQUE REFERENCES audit_log(id),
	mac		bytea NOT NULL CHECK (octet_length(mac) = 32),
	chained_at	timestamptz NOT NULL DEFAULT now(),
	-- Copies of the entry's, to find entries by record or actor; the
	-- MAC covers the entry itself, not these.
	actor		uuid,
	record_id	uuid
);
CREATE INDEX audit_chain_record ON audit_chain (record_id, seq);
CREATE INDEX audit_chain_actor ON audit_chain (actor, seq);

-- One row: the head and the xid horizon below which every entry is
-- chained.
CREATE TABLE audit_chain_state (
	id		boolean PRIMARY KEY DEFAULT true CHECK (id),
	head_seq	bigint NOT NULL,
	head_mac	bytea NOT NULL CHECK (octet_length(head_mac) = 32),
	horizon		xid8 NOT NULL
);
INSERT INTO audit_chain_state VALUES (true, 0,
    decode(repeat('00', 32), 'hex'), '0'::xid8);

CREATE TRIGGER audit_log_immutable BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_immutable();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_immutable();
CREATE TRIGGER audit_chain_immutable BEFORE UPDATE OR DELETE ON audit_chain
    FOR EACH ROW EXECUTE FUNCTION audit_immutable();
CREATE TRIGGER audit_chain_no_truncate BEFORE TRUNCATE ON audit_chain
    FOR EACH STATEMENT EXECUTE FUNCTION audit_immutable();

-- ------------------------------------------------------------- login
-- Attempts are counted before a password is checked, per keyed hash of
-- the username typed (existing or not) and per keyed hash of the client
-- address, in windows of 15 minutes.
DROP TABLE login_failures;
CREATE TABLE login_attempts (
	kind		text NOT NULL CHECK (kind IN ('user', 'addr')),
	khash		bytea NOT NULL CHECK (octet_length(khash) = 32),
	attempts	integer NOT NULL,
	window_start	timestamptz NOT NULL,
	PRIMARY KEY (kind, khash)
);

-- ------------------------------------------------------------- keys
-- KEK versions: new data keys are wrapped under the current one;
-- `casebook-admin keys rotate` rewraps the rest; retired versions are
-- refused by the server.
CREATE TABLE kek_versions (
	version		integer PRIMARY KEY CHECK (version BETWEEN 1 AND 100000),
	state		text NOT NULL CHECK (state IN ('current', 'active',
			    'retired')),
	created_at	timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX kek_versions_one_current ON kek_versions (state)
    WHERE state = 'current';
INSERT INTO kek_versions (version, state) VALUES (1, 'current');
CREATE INDEX data_keys_version ON data_keys (key_version, id);
-- The version fields were sealed under (their associated data names it)
-- stays that of the key's creation: rotation rewraps the key under a new
-- KEK version and must not change what its ciphertexts are bound to.
ALTER TABLE data_keys ADD COLUMN seal_version integer;
UPDATE data_keys SET seal_version = key_version;
ALTER TABLE data_keys ALTER COLUMN seal_version SET NOT NULL;

-- ------------------------------------------------------------- data
-- Languages can reveal ethnicity (E2): sealed from now on. Plain values
-- of earlier rows are sealed by `casebook-admin data upgrade`, which
-- scripts/db.sh runs after migrating.
ALTER TABLE persons ADD COLUMN languages_ct bytea;
ALTER TABLE persons DROP CONSTRAINT persons_check;
ALTER TABLE persons ADD CONSTRAINT persons_consent_check CHECK
    (consent_data_processing OR (given_name IS NULL AND
    family_name IS NULL AND name_original_script IS NULL AND
    date_of_birth IS NULL AND phone IS NULL AND
    document_number IS NULL AND gender IS NULL AND
    citizenship IS NULL AND languages = '{}' AND languages_ct IS NULL));

-- A transition's sealed reason and data are bound to the transition
-- (its tid), not only to the case.
ALTER TABLE case_transitions ADD COLUMN tid uuid UNIQUE;

-- ------------------------------------------------------------- rights
REVOKE ALL ON ALL TABLES IN SCHEMA cb FROM casebook_app;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA cb FROM casebook_app;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA cb FROM PUBLIC, casebook_app;
ALTER DEFAULT PRIVILEGES FOR ROLE casebook_owner
    REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
GRANT USAGE ON SCHEMA cb TO casebook_app, casebook_admin;

-- The CLI: users, organisations, sessions (revocation), keys, reading
-- the audit log to verify it. It appends audit entries through
-- audit_admin() only.
GRANT SELECT, INSERT ON organisations TO casebook_admin;
GRANT SELECT, INSERT ON users TO casebook_admin;
GRANT UPDATE (pw_hash, disabled, office, version) ON users TO casebook_admin;
GRANT SELECT ON sessions TO casebook_admin;
GRANT UPDATE (revoked_at) ON sessions TO casebook_admin;
GRANT SELECT ON data_keys TO casebook_admin;
GRANT UPDATE (key_version, wrapped) ON data_keys TO casebook_admin;
GRANT SELECT (id, key_id, languages, languages_ct) ON persons
    TO casebook_admin;
GRANT UPDATE (languages, languages_ct) ON persons TO casebook_admin;
GRANT SELECT (id, key_id) ON cases TO casebook_admin;
GRANT SELECT, INSERT, UPDATE ON kek_versions TO casebook_admin;
GRANT SELECT ON audit_log, audit_chain, audit_chain_state TO casebook_admin;

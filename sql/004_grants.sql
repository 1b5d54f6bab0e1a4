-- The application role may only do what the application does: no DDL,
-- nothing at all on the audit tables but appending through
-- audit_append() and reading.
SET search_path = cb;

REVOKE ALL ON ALL TABLES IN SCHEMA cb FROM PUBLIC;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA cb FROM PUBLIC;
GRANT USAGE ON SCHEMA cb TO casebook_app;

GRANT SELECT ON organisations TO casebook_app;
GRANT INSERT ON organisations TO casebook_app;
GRANT SELECT, INSERT ON users TO casebook_app;
GRANT UPDATE (pw_hash, disabled, office, version) ON users TO casebook_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON login_failures TO casebook_app;
GRANT SELECT, INSERT ON sessions TO casebook_app;
GRANT UPDATE (last_seen, revoked_at) ON sessions TO casebook_app;
GRANT SELECT, INSERT ON data_keys TO casebook_app;
GRANT SELECT, INSERT ON persons TO casebook_app;
GRANT SELECT, INSERT ON cases TO casebook_app;
GRANT UPDATE (state, stage, htcds_status, office, assigned_to, location,
    version, updated_at) ON cases TO casebook_app;
GRANT SELECT, INSERT ON case_links TO casebook_app;
GRANT SELECT, INSERT ON case_transitions TO casebook_app;
GRANT USAGE ON SEQUENCE case_transitions_id_seq TO casebook_app;
GRANT SELECT, INSERT ON idempotency TO casebook_app;
GRANT SELECT ON audit_log TO casebook_app;
GRANT SELECT ON audit_head TO casebook_app;

GRANT EXECUTE ON FUNCTION audit_append(uuid, text, text, uuid, text, text,
    text, boolean) TO casebook_app;
GRANT EXECUTE ON FUNCTION audit_canon(bigint, bigint, uuid, text, text,
    uuid, text, text, text) TO casebook_app;
GRANT EXECUTE ON FUNCTION session_actor(bytea) TO casebook_app;


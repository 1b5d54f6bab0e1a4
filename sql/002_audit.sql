-- The append-only, hash-chained audit log.
-- hash = sha256(prev_hash || canonical(row)), where canonical() writes
-- each column as "<octet length>:<value>|" and NULL as "-|", in the
-- order seq, at_us, actor, actor_role, action, record_id, fields,
-- request_id, outcome. src/audit.c recomputes the same bytes.
-- Rows hold field NAMES only, never values.

SET search_path = cb;

CREATE TABLE audit_log (
	seq		bigint PRIMARY KEY,
	at_us		bigint NOT NULL,
	actor		uuid,
	actor_role	text,
	action		text NOT NULL CHECK (action ~ '^[a-z_.]{1,64}$'),
	record_id	uuid,
	fields		text CHECK (fields ~ '^[a-z_.,]*$' AND
			    length(fields) <= 512),
	request_id	text CHECK (request_id ~ '^[0-9a-f]{0,64}$'),
	outcome		text NOT NULL CHECK (outcome ~ '^[a-z_]{1,32}$'),
	prev_hash	bytea NOT NULL,
	hash		bytea NOT NULL
);
CREATE INDEX audit_log_record ON audit_log (record_id, seq);
CREATE INDEX audit_log_actor ON audit_log (actor, seq);

-- The chain head: one row, locked by each append so that entries are
-- chained in commit order even with many workers writing at once.
CREATE TABLE audit_head (
	id	boolean PRIMARY KEY DEFAULT true CHECK (id),
	seq	bigint NOT NULL,
	hash	bytea NOT NULL
);
INSERT INTO audit_head VALUES (true, 0, '\x'::bytea || decode(repeat('00', 32), 'hex'));

CREATE FUNCTION audit_canon(p_seq bigint, p_at_us bigint, p_actor uuid,
    p_role text, p_action text, p_record uuid, p_fields text,
    p_request text, p_outcome text) RETURNS bytea
LANGUAGE sql IMMUTABLE AS $$
	SELECT convert_to(string_agg(CASE WHEN v IS NULL THEN '-|'
	    ELSE octet_length(v)::text || ':' || v || '|' END, '' ORDER BY n),
	    'UTF8')
	FROM unnest(ARRAY[p_seq::text, p_at_us::text, p_actor::text, p_role,
	    p_action, p_record::text, p_fields, p_request, p_outcome])
	    WITH ORDINALITY AS t(v, n)
$$;

-- Appends one entry. p_sync false lets a read-audit entry commit
-- without waiting for the WAL flush (it is still chained and ordered;
-- a crash can lose at most the last few hundred milliseconds of view
-- entries, never a change of state, which always commits synchronously).
CREATE FUNCTION audit_append(p_actor uuid, p_role text, p_action text,
    p_record uuid, p_fields text, p_request text, p_outcome text,
    p_sync boolean) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = cb, pg_temp AS $$
DECLARE
	h	record;
	v_seq	bigint;
	v_at	bigint;
	v_hash	bytea;
BEGIN
	IF NOT p_sync THEN
		PERFORM set_config('synchronous_commit', 'off', true);
	END IF;
	SELECT seq, hash INTO h FROM audit_head WHERE id FOR UPDATE;
	v_seq := h.seq + 1;
	v_at := floor(extract(epoch FROM clock_timestamp()) * 1000000);
	v_hash := sha256(h.hash || audit_canon(v_seq, v_at, p_actor, p_role,
	    p_action, p_record, p_fields, p_request, p_outcome));
	INSERT INTO audit_log VALUES (v_seq, v_at, p_actor, p_role, p_action,
	    p_record, p_fields, p_request, p_outcome, h.hash, v_hash);
	UPDATE audit_head SET seq = v_seq, hash = v_hash WHERE id;
	RETURN v_seq;
END
$$;

-- Even the owner cannot rewrite history through UPDATE or DELETE.
CREATE FUNCTION audit_immutable() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'audit_log is append-only';
END
$$;
CREATE TRIGGER audit_log_immutable BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_immutable();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_immutable();

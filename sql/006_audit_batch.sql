-- Appends a batch of read-audit entries under one lock of the chain
-- head (views are the most frequent entries; taking the lock once per
-- view capped reads at ~1,800/s here). Each entry keeps the time the
-- view happened (at_us from the server); the chain order is the append
-- order. Like audit_append(p_sync => false) it commits without waiting
-- for the WAL flush.
SET search_path = cb;

CREATE FUNCTION audit_append_many(p_at_us bigint[], p_actor uuid[],
    p_role text[], p_action text[], p_record uuid[], p_fields text[],
    p_request text[], p_outcome text[]) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = cb, pg_temp AS $$
DECLARE
	h	record;
	i	integer;
	v_seq	bigint;
	v_prev	bytea;
	v_hash	bytea;
BEGIN
	PERFORM set_config('synchronous_commit', 'off', true);
	SELECT seq, hash INTO h FROM audit_head WHERE id FOR UPDATE;
	v_seq := h.seq;
	v_hash := h.hash;
	FOR i IN 1 .. coalesce(array_length(p_action, 1), 0) LOOP
		v_seq := v_seq + 1;
		v_prev := v_hash;
		v_hash := sha256(v_prev || audit_canon(v_seq, p_at_us[i],
		    p_actor[i], p_role[i], p_action[i], p_record[i],
		    p_fields[i], p_request[i], p_outcome[i]));
		INSERT INTO audit_log VALUES (v_seq, p_at_us[i], p_actor[i],
		    p_role[i], p_action[i], p_record[i], p_fields[i],
		    p_request[i], p_outcome[i], v_prev, v_hash);
	END LOOP;
	UPDATE audit_head SET seq = v_seq, hash = v_hash WHERE id;
	RETURN v_seq;
END
$$;
REVOKE ALL ON FUNCTION audit_append_many(bigint[], uuid[], text[], text[],
    uuid[], text[], text[], text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_append_many(bigint[], uuid[], text[],
    text[], uuid[], text[], text[], text[]) TO casebook_app;

-- Appends MACs the chainer computed (p_macs: 32 bytes per entry, in
-- the order of p_ids) after the head it started from; if another chainer
-- moved the head meanwhile nothing is written and NULL comes back, so
-- the chain never forks. A NULL horizon leaves it where it is (the
-- batch was cut at its limit).
DROP FUNCTION IF EXISTS audit_chain_append;
CREATE FUNCTION audit_chain_append(p_head bigint, p_ids bigint[],
    p_macs bytea, p_horizon text)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = cb, pg_temp
AS $$
DECLARE
	v_head	bigint;
	n	integer := coalesce(cardinality(p_ids), 0);
BEGIN
	IF octet_length(coalesce(p_macs, '')) <> n * 32 THEN
		RAISE EXCEPTION 'audit_chain_append: % ids, % mac bytes', n,
		    octet_length(p_macs);
	END IF;
	SELECT head_seq INTO v_head FROM audit_chain_state WHERE id
	    FOR UPDATE;
	IF v_head <> p_head THEN
		RETURN NULL;
	END IF;
	IF n > 0 THEN
		INSERT INTO audit_chain (seq, entry_id, mac, actor, record_id)
		SELECT p_head + i, p_ids[i],
		    substring(p_macs FROM (i - 1) * 32 + 1 FOR 32), l.actor,
		    l.record_id
		FROM generate_series(1, n) i
		JOIN audit_log l ON l.id = p_ids[i];
	END IF;
	UPDATE audit_chain_state SET head_seq = p_head + n,
	    head_mac = CASE WHEN n > 0
		THEN substring(p_macs FROM (n - 1) * 32 + 1 FOR 32)
		ELSE head_mac END,
	    horizon = coalesce(p_horizon::xid8, horizon)
	WHERE id;
	RETURN p_head + n;
END
$$;
REVOKE ALL ON FUNCTION audit_chain_append FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_chain_append TO casebook_app, casebook_admin;

-- For the chainer: the chain's head and the entries not chained yet, in
-- insertion order. Only entries of transactions at or above the horizon
-- can be unchained (older ones were all chained when the horizon
-- moved), so the scan stays small however long the log grows.
-- next_horizon is this snapshot's xmin: once every entry returned here is
-- chained, no entry below it can still appear.
DROP FUNCTION IF EXISTS audit_chain_pending;
CREATE FUNCTION audit_chain_pending(p_limit integer)
RETURNS TABLE (head_seq bigint, head_mac bytea, next_horizon text,
    e_id bigint, e_at_us bigint, e_actor uuid, e_role text, e_action text,
    e_record uuid, e_records text, e_fields text, e_request text,
    e_outcome text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = cb, pg_temp
AS $$
#variable_conflict use_column
BEGIN
	RETURN QUERY
	WITH s AS MATERIALIZED (SELECT st.head_seq, st.head_mac, st.horizon,
	    pg_snapshot_xmin(pg_current_snapshot())::text AS nh
	    FROM audit_chain_state st WHERE st.id),
	e AS MATERIALIZED (
		SELECT l.id, l.at_us, l.actor, l.actor_role, l.action,
		    l.record_id, array_to_string(l.records, ',') AS recs,
		    l.fields, l.request_id, l.outcome
		FROM s, audit_log l
		WHERE l.xid >= s.horizon
		    AND NOT EXISTS (SELECT 1 FROM audit_chain c
		    WHERE c.entry_id = l.id)
		ORDER BY l.id
		LIMIT p_limit
	)
	SELECT s.head_seq, s.head_mac, s.nh, e.id, e.at_us, e.actor,
	    e.actor_role, e.action, e.record_id, e.recs, e.fields,
	    e.request_id, e.outcome
	FROM s LEFT JOIN e ON true
	ORDER BY e.id;
END
$$;
REVOKE ALL ON FUNCTION audit_chain_pending FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_chain_pending TO casebook_app, casebook_admin;

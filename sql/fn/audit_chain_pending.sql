-- For the chainer: the chain's head and the entries not chained yet, in
-- insertion order. Only entries of transactions at or above the horizon
-- can be unchained (older ones were all chained when the horizon
-- moved), so the scan stays small however long the log grows; it is
-- planned for the actual horizon each time (a generic plan guessed a
-- third of the table and scanned it in parallel every 200 ms). With
-- nothing pending, one row with the head and NULL entry columns.
-- next_horizon is this snapshot's xmin: once every entry returned here is
-- chained, no entry below it can still appear.
DROP FUNCTION IF EXISTS audit_chain_pending;
CREATE FUNCTION audit_chain_pending(p_limit integer)
RETURNS TABLE (head_seq bigint, head_mac bytea, next_horizon text,
    e_id bigint, e_at_us bigint, e_actor uuid, e_role text, e_action text,
    e_record uuid, e_records text, e_fields text, e_request text,
    e_outcome text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = cb, pg_temp SET plan_cache_mode = force_custom_plan
AS $$
#variable_conflict use_column
DECLARE
	st	record;
	e	record;
	v_next	text;
	n	integer := 0;
BEGIN
	SELECT s.head_seq, s.head_mac, s.horizon INTO st
	FROM audit_chain_state s WHERE s.id;
	v_next := pg_snapshot_xmin(pg_current_snapshot())::text;
	head_seq := st.head_seq;
	head_mac := st.head_mac;
	next_horizon := v_next;
	-- One index probe per candidate: a join planned on estimates once
	-- hashed the whole chain every 200 ms.
	FOR e IN SELECT l.id, l.at_us, l.actor, l.actor_role, l.action,
	    l.record_id, array_to_string(l.records, ',') AS recs, l.fields,
	    l.request_id, l.outcome
	    FROM audit_log l WHERE l.xid >= st.horizon ORDER BY l.id LOOP
		CONTINUE WHEN EXISTS (SELECT 1 FROM audit_chain c
		    WHERE c.entry_id = e.id);
		e_id := e.id;
		e_at_us := e.at_us;
		e_actor := e.actor;
		e_role := e.actor_role;
		e_action := e.action;
		e_record := e.record_id;
		e_records := e.recs;
		e_fields := e.fields;
		e_request := e.request_id;
		e_outcome := e.outcome;
		RETURN NEXT;
		n := n + 1;
		EXIT WHEN n >= p_limit;
	END LOOP;
	IF n = 0 THEN
		RETURN NEXT;
	END IF;
END
$$;
REVOKE ALL ON FUNCTION audit_chain_pending FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_chain_pending TO casebook_app, casebook_admin;

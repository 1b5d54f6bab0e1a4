-- For the chainer: the chain's head and the entries not chained yet, in
-- insertion order. Only entries of transactions at or above the horizon
-- can be unchained (older ones were all chained when the horizon
-- moved), so the scan stays small however long the log grows. The scan
-- is planned for the actual horizon each time (EXECUTE: a generic plan
-- guessed a third of the table and scanned it in parallel every 200
-- ms). With nothing pending, one row with
-- the head and NULL entry columns.
-- next_horizon (read from the LAST row) is where the next scan may
-- start once every entry returned here is chained: this snapshot's
-- xmin, or, when the batch was cut at p_limit, the lowest xid among the
-- entries after the cut, if lower. Without that a backlog was scanned
-- again from its start for every batch (quadratic: a chainer 150,000
-- entries behind never caught up under load).
DROP FUNCTION IF EXISTS audit_chain_pending;
CREATE FUNCTION audit_chain_pending(p_limit integer)
RETURNS TABLE (head_seq bigint, head_mac bytea, next_horizon text,
    e_id bigint, e_at_us bigint, e_actor uuid, e_role text, e_action text,
    e_record uuid, e_records text, e_fields text, e_request text,
    e_outcome text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = cb, pg_temp
    SET enable_hashjoin = off SET enable_mergejoin = off
AS $$
#variable_conflict use_column
DECLARE
	st	record;
	e	record;
	v_next	xid8;
	v_cut	xid8;
	n	integer := 0;
BEGIN
	SELECT s.head_seq, s.head_mac, s.horizon INTO st
	FROM audit_chain_state s WHERE s.id;
	v_next := pg_snapshot_xmin(pg_current_snapshot());
	head_seq := st.head_seq;
	head_mac := st.head_mac;
	next_horizon := v_next::text;
	-- One index probe per candidate, inside the one statement (the
	-- function's SET rules out hash and merge joins: a join planned on
	-- estimates once hashed the whole chain every 200 ms). Probing
	-- each candidate from PL/pgSQL started an executor per entry, a
	-- third of the chainer's time (issue 9).
	FOR e IN EXECUTE 'SELECT l.id, l.at_us, l.actor, l.actor_role, '
	    'l.action, l.record_id, array_to_string(l.records, '','') '
	    'AS recs, l.fields, l.request_id, l.outcome '
	    'FROM cb.audit_log l WHERE l.xid >= $1 AND NOT EXISTS '
	    '(SELECT 1 FROM cb.audit_chain c WHERE c.entry_id = l.id) '
	    'ORDER BY l.id'
	    USING st.horizon LOOP
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
		n := n + 1;
		IF n >= p_limit THEN
			-- Every visible entry up to this one is chained or
			-- in this batch; the rest start at the lowest xid
			-- after it (one index range, stopping at the first).
			SELECT l.xid INTO v_cut FROM audit_log l
			WHERE l.xid >= st.horizon AND l.id > e.id
			ORDER BY l.xid LIMIT 1;
			IF v_cut IS NOT NULL AND v_cut < v_next THEN
				next_horizon := v_cut::text;
			END IF;
			RETURN NEXT;
			EXIT;
		END IF;
		RETURN NEXT;
	END LOOP;
	IF n = 0 THEN
		RETURN NEXT;
	END IF;
END
$$;
REVOKE ALL ON FUNCTION audit_chain_pending FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_chain_pending TO casebook_app, casebook_admin;

-- One page of the chain, joined to its entries, for a streaming verify
-- by an auditor or an admin (nothing for anyone else). The first page
-- (p_after = 0) is itself audited, and carries the chain state and how
-- many entries below the horizon are missing from the chain.
DROP FUNCTION IF EXISTS audit_verify_page;
CREATE FUNCTION audit_verify_page(p_token bytea, p_after bigint,
    p_limit integer, p_request text)
RETURNS TABLE (a_user uuid, a_username text, a_role text, a_office text,
    a_org uuid, a_token bytea, head_seq bigint, unchained bigint,
    seq bigint, mac bytea, e_id bigint, e_at_us bigint, e_actor uuid,
    e_role text, e_action text, e_record uuid, e_records text,
    e_fields text, e_request text, e_outcome text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = cb, pg_temp
AS $$
#variable_conflict use_column
DECLARE
	v	record;
	v_head	bigint;
	v_lost	bigint;
BEGIN
	SELECT * INTO v FROM session_who(p_token);
	IF NOT FOUND THEN
		RETURN;
	END IF;
	IF v.role NOT IN ('auditor', 'admin') THEN
		INSERT INTO audit_log (actor, actor_role, action, request_id,
		    outcome)
		VALUES (v.user_id, v.role, 'audit.verify', p_request,
		    'denied');
		RETURN QUERY SELECT v.user_id, v.username, v.role, v.office,
		    v.organisation_id, v.token_hash, NULL::bigint,
		    NULL::bigint, NULL::bigint, NULL::bytea, NULL::bigint,
		    NULL::bigint, NULL::uuid, NULL::text, NULL::text,
		    NULL::uuid, NULL::text, NULL::text, NULL::text,
		    NULL::text;
		RETURN;
	END IF;
	SELECT st.head_seq INTO v_head FROM audit_chain_state st WHERE st.id;
	IF p_after = 0 THEN
		INSERT INTO audit_log (actor, actor_role, action, request_id,
		    outcome)
		VALUES (v.user_id, v.role, 'audit.verify', p_request, 'ok');
		SELECT count(*) INTO v_lost FROM audit_log l
		WHERE l.xid < (SELECT horizon FROM audit_chain_state WHERE id)
		    AND NOT EXISTS (SELECT 1 FROM audit_chain c
		    WHERE c.entry_id = l.id);
	END IF;
	RETURN QUERY SELECT v.user_id, v.username, v.role, v.office,
	    v.organisation_id, v.token_hash, v_head, v_lost, c.seq, c.mac,
	    l.id, l.at_us, l.actor, l.actor_role, l.action, l.record_id,
	    array_to_string(l.records, ','), l.fields, l.request_id,
	    l.outcome
	FROM (SELECT 1) one
	LEFT JOIN (SELECT * FROM audit_chain c WHERE c.seq > p_after
	    ORDER BY c.seq LIMIT p_limit) c ON true
	LEFT JOIN audit_log l ON l.id = c.entry_id
	ORDER BY c.seq;
END
$$;
REVOKE ALL ON FUNCTION audit_verify_page FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_verify_page TO casebook_app;

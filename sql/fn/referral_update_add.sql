-- A partner's report of a service on a referral it accepted, validated
-- and sealed by the application (the note bound to p_id): by a partner
-- of the referral's organisation, while the consent is active today.
-- The service is one the referral asked for, or any assistance type
-- when it asked for none; the date is not in the future. At most 200
-- updates per referral. The referral row is locked until the update is
-- in, so the count holds and an answer or a closing that comes first
-- is seen. An Idempotency-Key (or a form's one-time token) seen before
-- from the same user answers with the first update ('replay', or
-- 'reuse' when the request differed), however two such requests race.
-- Outcomes: created, replay, reuse, not_found (as for a referral that
-- does not exist), consent_inactive, not_accepted, service, future,
-- limit. The audit entry names the fields given, never a value.
DROP FUNCTION IF EXISTS referral_update_add;
CREATE FUNCTION referral_update_add(p_token bytea, p_referral uuid,
    p_id uuid, p_service text, p_status text, p_date date, p_note bytea,
    p_idem_key text, p_req_hash bytea, p_fields text, p_request text)
RETURNS TABLE (a_user uuid, a_username text, a_role text, a_office text,
    a_org uuid, a_token bytea, outcome text, u_id uuid, u_created text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = cb, pg_temp
AS $$
#variable_conflict use_column
DECLARE
	a	record;
	r	record;
	v_out	text;
	v_id	uuid;
	v_same	boolean;
BEGIN
	SELECT * INTO a FROM session_who(p_token);
	IF NOT FOUND THEN
		RETURN;
	END IF;

	-- Locked: what is decided on holds until this commits.
	SELECT * INTO r FROM referral_for_partner(a.role, a.organisation_id,
	    p_referral, true);
	IF NOT FOUND THEN
		v_out := 'not_found';
	END IF;

	-- A replay answers as the first request did, whatever changed.
	IF v_out IS NULL AND p_idem_key IS NOT NULL THEN
		SELECT u.id, u.req_hash = p_req_hash INTO v_id, v_same
		FROM referral_updates u
		WHERE u.created_by = a.user_id AND u.idem_key = p_idem_key;
		IF FOUND THEN
			v_out := CASE WHEN v_same AND (SELECT u.referral_id
			    FROM referral_updates u WHERE u.id = v_id) =
			    p_referral THEN 'replay' ELSE 'reuse' END;
		END IF;
	END IF;

	IF v_out IS NULL THEN
		IF r.state <> 'active' THEN
			v_out := 'consent_inactive';
		ELSIF r.status <> 'accepted' THEN
			v_out := 'not_accepted';
		ELSIF NOT (p_service = ANY (r.services) OR
		    cardinality(r.services) = 0) THEN
			v_out := 'service';
		ELSIF p_date > (now() AT TIME ZONE 'UTC')::date THEN
			v_out := 'future';
		ELSIF (SELECT count(*) FROM referral_updates u
		    WHERE u.referral_id = p_referral) >= 200 THEN
			v_out := 'limit';
		END IF;
	END IF;

	IF v_out IS NULL THEN
		INSERT INTO referral_updates (id, referral_id, service, status,
		    update_date, note, created_by, idem_key, req_hash)
		VALUES (p_id, p_referral, p_service, p_status, p_date, p_note,
		    a.user_id, p_idem_key,
		    CASE WHEN p_idem_key IS NOT NULL THEN p_req_hash END)
		ON CONFLICT (created_by, idem_key) WHERE idem_key IS NOT NULL
		DO NOTHING;
		IF FOUND THEN
			v_out := 'created';
			v_id := p_id;
		ELSE
			-- The same key committed meanwhile.
			SELECT u.id, u.req_hash = p_req_hash AND
			    u.referral_id = p_referral INTO v_id, v_same
			FROM referral_updates u
			WHERE u.created_by = a.user_id
			    AND u.idem_key = p_idem_key;
			v_out := CASE WHEN v_same THEN 'replay'
			    ELSE 'reuse' END;
		END IF;
	END IF;

	INSERT INTO audit_log (actor, actor_role, action, record_id, records,
	    fields, request_id, outcome)
	VALUES (a.user_id, a.role, 'referral.update', p_referral,
	    CASE WHEN v_out IN ('created', 'replay') THEN ARRAY[v_id, r.case_id]
	    WHEN v_out <> 'not_found' THEN ARRAY[r.case_id] END,
	    CASE WHEN v_out = 'created' THEN nullif(p_fields, '') END,
	    p_request,
	    CASE v_out WHEN 'created' THEN 'ok' WHEN 'replay' THEN 'replay'
	    WHEN 'reuse' THEN 'invalid' WHEN 'not_found' THEN 'denied'
	    WHEN 'consent_inactive' THEN 'consent_inactive'
	    WHEN 'not_accepted' THEN 'guard' ELSE 'invalid' END);

	RETURN QUERY SELECT a.user_id, a.username, a.role, a.office,
	    a.organisation_id, a.token_hash, v_out,
	    CASE WHEN v_out IN ('created', 'replay') THEN v_id END,
	    (SELECT to_char(u.created_at AT TIME ZONE 'UTC',
	    'YYYY-MM-DD"T"HH24:MI:SS"Z"') FROM referral_updates u
	    WHERE u.id = v_id AND v_out IN ('created', 'replay'));
END
$$;
REVOKE ALL ON FUNCTION referral_update_add FROM PUBLIC;
GRANT EXECUTE ON FUNCTION referral_update_add TO casebook_app;

-- The package of one referral, computed when a partner reads it (the
-- model of issue 7): for a partner of the referral's organisation, and
-- only while the referral's consent is active today, the sealed columns
-- of the categories the referral carries AND the consent covers, and
-- nothing else: identity (names, date of birth; gender and citizenship
-- codes), contact (phone, the case's location), documents (document
-- number), health (the fit-to-travel code; the sealed data of the
-- latest departure, whose fit_note the application keeps, and of the
-- latest identification in CT, whose urgent_medical_need it keeps),
-- case_summary (case type, stage, the types and dates of assistance
-- given, never a note) and narrative (the sealed data of the latest CT
-- screening interview, whose narrative it keeps). With them the wrapped
-- keys that open them: the person's only when a person's field is
-- shared; the case's, which also opens the referral's own texts (the
-- partner's answer and updates, returned as further rows).
-- Row 1 is the referral (u_ columns NULL); each further row one update,
-- oldest first (referral columns NULL). Anyone else, or a consent that
-- is withdrawn, expired or not yet valid: the caller's row only, as for
-- a referral that does not exist. One audit entry records the read,
-- naming the categories read ("identity,contact"), and the case it read
-- them from; a refusal is "denied", or "consent_inactive" for the
-- organisation's own referral whose consent no longer allows it.
DROP FUNCTION IF EXISTS referral_package;
CREATE FUNCTION referral_package(p_token bytea, p_referral uuid,
    p_request text)
RETURNS TABLE (a_user uuid, a_username text, a_role text, a_office text,
    a_org uuid, a_token bytea, r_id uuid, r_case uuid, r_person uuid,
    r_status text, r_reason text, r_services text, r_categories text,
    r_version integer, r_created text, r_responded text,
    r_responded_by text, r_response bytea, co_state text,
    co_valid_from text, co_valid_until text, ck_version integer,
    ck_seal integer, ck_wrapped bytea, pk_version integer,
    pk_seal integer, pk_wrapped bytea, pr_given_name bytea,
    pr_family_name bytea, pr_name_original_script bytea,
    pr_date_of_birth bytea, pr_gender text, pr_citizenship text,
    pr_phone bytea, c_location bytea, pr_document_number bytea,
    c_fit_to_travel text, t_fit_tid uuid, t_fit_data bytea,
    t_urgent_tid uuid, t_urgent_data bytea, c_type text, c_stage text,
    c_assistance text, t_narrative_tid uuid, t_narrative_data bytea,
    u_id uuid, u_service text, u_status text, u_date text, u_note bytea,
    u_by text, u_created text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = cb, pg_temp
AS $$
#variable_conflict use_column
DECLARE
	a	record;
	r	record;
	v_cats	text[];
	v_out	text;
	v_read	text;
BEGIN
	SELECT * INTO a FROM session_who(p_token);
	IF NOT FOUND THEN
		RETURN;
	END IF;
	a_user := a.user_id;
	a_username := a.username;
	a_role := a.role;
	a_office := a.office;
	a_org := a.organisation_id;
	a_token := a.token_hash;

	SELECT rp.*, ru.username AS responded_by_name INTO r
	FROM referral_for_partner(a.role, a.organisation_id, p_referral) rp
	LEFT JOIN users ru ON ru.id = rp.responded_by;
	IF NOT FOUND THEN
		v_out := 'denied';
	ELSIF r.state <> 'active' THEN
		v_out := 'consent_inactive';
	ELSE
		v_out := 'ok';
		SELECT array_agg(c ORDER BY array_position(ARRAY['identity',
		    'contact', 'documents', 'health', 'case_summary',
		    'narrative'], c)) INTO v_cats
		FROM unnest(r.categories) c WHERE c = ANY (r.co_categories);
		v_cats := coalesce(v_cats, '{}');
		v_read := array_to_string(v_cats, ',');
	END IF;

	INSERT INTO audit_log (actor, actor_role, action, record_id, records,
	    fields, request_id, outcome)
	VALUES (a.user_id, a.role, 'referral.package', p_referral,
	    CASE WHEN v_out = 'ok' THEN ARRAY[r.case_id] END,
	    nullif(v_read, ''), p_request, v_out);

	IF v_out <> 'ok' THEN
		RETURN NEXT;
		RETURN;
	END IF;

	r_id := r.id;
	r_case := r.case_id;
	r_status := r.status;
	r_reason := r.reason;
	r_services := array_to_string(r.services, ',');
	r_categories := v_read;
	r_version := r.version;
	r_created := to_char(r.created_at AT TIME ZONE 'UTC',
	    'YYYY-MM-DD"T"HH24:MI:SS"Z"');
	r_responded := to_char(r.responded_at AT TIME ZONE 'UTC',
	    'YYYY-MM-DD"T"HH24:MI:SS"Z"');
	r_responded_by := r.responded_by_name;
	r_response := r.response_reason;
	co_state := r.state;
	co_valid_from := to_char(r.valid_from, 'YYYY-MM-DD');
	co_valid_until := to_char(r.valid_until, 'YYYY-MM-DD');

	SELECT c.person_id, ck.key_version, ck.seal_version, ck.wrapped,
	    CASE WHEN v_cats && ARRAY['identity', 'contact', 'documents']
	    THEN pk.key_version END,
	    CASE WHEN v_cats && ARRAY['identity', 'contact', 'documents']
	    THEN pk.seal_version END,
	    CASE WHEN v_cats && ARRAY['identity', 'contact', 'documents']
	    THEN pk.wrapped END,
	    CASE WHEN 'identity' = ANY (v_cats) THEN p.given_name END,
	    CASE WHEN 'identity' = ANY (v_cats) THEN p.family_name END,
	    CASE WHEN 'identity' = ANY (v_cats)
	    THEN p.name_original_script END,
	    CASE WHEN 'identity' = ANY (v_cats) THEN p.date_of_birth END,
	    CASE WHEN 'identity' = ANY (v_cats) THEN p.gender END,
	    CASE WHEN 'identity' = ANY (v_cats) THEN p.citizenship END,
	    CASE WHEN 'contact' = ANY (v_cats) THEN p.phone END,
	    CASE WHEN 'contact' = ANY (v_cats) THEN c.location END,
	    CASE WHEN 'documents' = ANY (v_cats) THEN p.document_number END,
	    CASE WHEN 'health' = ANY (v_cats) THEN c.fit_to_travel END,
	    CASE WHEN 'case_summary' = ANY (v_cats) THEN c.case_type END,
	    CASE WHEN 'case_summary' = ANY (v_cats) THEN c.stage END
	INTO r_person, ck_version, ck_seal, ck_wrapped, pk_version, pk_seal,
	    pk_wrapped, pr_given_name, pr_family_name,
	    pr_name_original_script, pr_date_of_birth, pr_gender,
	    pr_citizenship, pr_phone, c_location, pr_document_number,
	    c_fit_to_travel, c_type, c_stage
	FROM cases c
	JOIN persons p ON p.id = c.person_id
	JOIN data_keys ck ON ck.id = c.key_id
	JOIN data_keys pk ON pk.id = p.key_id
	WHERE c.id = r.case_id;

	-- The latest time a step was taken (again, after a reopening) says
	-- what holds now, also when it said nothing.
	IF 'health' = ANY (v_cats) THEN
		SELECT t.tid, t.data INTO t_fit_tid, t_fit_data
		FROM case_transitions t
		WHERE t.case_id = r.case_id AND t.to_state = 'departed'
		ORDER BY t.id DESC LIMIT 1;
		SELECT t.tid, t.data INTO t_urgent_tid, t_urgent_data
		FROM case_transitions t
		WHERE t.case_id = r.case_id AND t.from_state = 'identified'
		    AND t.to_state = 'immediate_assistance'
		ORDER BY t.id DESC LIMIT 1;
	END IF;
	IF 'narrative' = ANY (v_cats) THEN
		SELECT t.tid, t.data INTO t_narrative_tid, t_narrative_data
		FROM case_transitions t
		WHERE t.case_id = r.case_id
		    AND t.from_state = 'screening_interview'
		    AND t.to_state = 'consent'
		ORDER BY t.id DESC LIMIT 1;
	END IF;
	IF 'case_summary' = ANY (v_cats) THEN
		SELECT string_agg(e.type || ' ' ||
		    to_char(e.assisted_on, 'YYYY-MM-DD'), ','
		    ORDER BY e.assisted_on, e.created_at, e.id)
		INTO c_assistance
		FROM (SELECT e.type, e.assisted_on, e.created_at, e.id
		    FROM assistance e WHERE e.case_id = r.case_id
		    ORDER BY e.assisted_on DESC, e.created_at DESC, e.id DESC
		    LIMIT 200) e;
	END IF;
	RETURN NEXT;

	-- Only the referral's own rows remain to come.
	r_id := NULL; r_case := NULL; r_person := NULL; r_status := NULL;
	r_reason := NULL; r_services := NULL; r_categories := NULL;
	r_version := NULL; r_created := NULL; r_responded := NULL;
	r_responded_by := NULL; r_response := NULL; co_state := NULL;
	co_valid_from := NULL; co_valid_until := NULL; ck_version := NULL;
	ck_seal := NULL; ck_wrapped := NULL; pk_version := NULL;
	pk_seal := NULL; pk_wrapped := NULL; pr_given_name := NULL;
	pr_family_name := NULL; pr_name_original_script := NULL;
	pr_date_of_birth := NULL; pr_gender := NULL; pr_citizenship := NULL;
	pr_phone := NULL; c_location := NULL; pr_document_number := NULL;
	c_fit_to_travel := NULL; t_fit_tid := NULL; t_fit_data := NULL;
	t_urgent_tid := NULL; t_urgent_data := NULL; c_type := NULL;
	c_stage := NULL; c_assistance := NULL; t_narrative_tid := NULL;
	t_narrative_data := NULL;
	FOR u_id, u_service, u_status, u_date, u_note, u_by, u_created IN
		SELECT u.id, u.service, u.status,
		    to_char(u.update_date, 'YYYY-MM-DD'), u.note, uu.username,
		    to_char(u.created_at AT TIME ZONE 'UTC',
		    'YYYY-MM-DD"T"HH24:MI:SS"Z"')
		FROM referral_updates u
		JOIN users uu ON uu.id = u.created_by
		WHERE u.referral_id = r.id
		ORDER BY u.update_date, u.created_at, u.id
	LOOP
		RETURN NEXT;
	END LOOP;
END
$$;
REVOKE ALL ON FUNCTION referral_package FROM PUBLIC;
GRANT EXECUTE ON FUNCTION referral_package TO casebook_app;

-- Which cases a caller may list or find. The same rule as
-- cb_policy_case_read() in src/policy.c (single records are decided
-- there); tests/e2e checks that lists and reads agree.
SET search_path = cb;

CREATE FUNCTION case_visible(p_user uuid, p_role text, p_office text,
    c_office text, c_assigned uuid) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
	SELECT (p_role = 'caseworker' AND c_assigned = p_user)
	    OR (p_role = 'supervisor' AND p_office <> '' AND c_office = p_office)
$$;
GRANT EXECUTE ON FUNCTION case_visible(uuid, text, text, text, uuid)
    TO casebook_app;

-- Which cases a caller may see: a caseworker the cases assigned to them,
-- a supervisor the cases of their office. No SET clause: the planner
-- inlines it into every query that asks. Every function that returns
-- case content asks this; cb_policy_case_read() in src/domain/policy.c
-- states the same rule for the forms, and tests/e2e checks they agree.
DROP FUNCTION IF EXISTS case_visible;
CREATE FUNCTION case_visible(p_user uuid, p_role text, p_office text,
    c_office text, c_assigned uuid) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
	SELECT (p_role = 'caseworker' AND c_assigned = p_user)
	    OR (p_role = 'supervisor' AND p_office <> '' AND c_office = p_office)
$$;
REVOKE ALL ON FUNCTION case_visible FROM PUBLIC;

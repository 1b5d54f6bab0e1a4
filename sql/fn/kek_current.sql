-- The KEK version new data keys are wrapped with, and the lowest one
-- not retired; workers ask every few seconds, so a rotation takes
-- effect without a restart.
DROP FUNCTION IF EXISTS kek_current;
CREATE FUNCTION kek_current()
RETURNS TABLE (current_version integer, min_version integer)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = cb, pg_temp AS $$
	SELECT (SELECT version FROM kek_versions WHERE state = 'current'),
	    coalesce((SELECT min(version) FROM kek_versions
	    WHERE state <> 'retired'), 1)
$$;
REVOKE ALL ON FUNCTION kek_current FROM PUBLIC;
GRANT EXECUTE ON FUNCTION kek_current TO casebook_app, casebook_admin;

-- session_touch for the sessions of a batch (p_tokens: 32-byte token
-- hashes concatenated) that are due, each once. Internal: called by the
-- batch functions (case_view_many, case_search_many), granted to no one.
DROP FUNCTION IF EXISTS session_touch_many;
CREATE FUNCTION session_touch_many(p_tokens bytea) RETURNS void
LANGUAGE plpgsql VOLATILE SET search_path = cb, pg_temp AS $$
BEGIN
	PERFORM session_touch(t.tok)
	FROM (SELECT DISTINCT substring(p_tokens FROM 32 * (g - 1) + 1
	    FOR 32) AS tok
	    FROM generate_series(1, octet_length(p_tokens) / 32) g) t
	JOIN LATERAL session_lookup(t.tok) s ON s.stale;
END
$$;
REVOKE ALL ON FUNCTION session_touch_many FROM PUBLIC;

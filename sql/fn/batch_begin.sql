-- What every batch function (case_view_many, case_search_many) does
-- first: p_tokens holds one 32-byte token hash per element and each of
-- p_lens (the lengths of its other arrays) says as many elements, 1 to
-- 64, or the batch is refused (22023) before anything is read; then
-- last_seen is written, as session_touch does, once per session of the
-- batch that is due. Internal: granted to no one.
DROP FUNCTION IF EXISTS batch_begin;
CREATE FUNCTION batch_begin(p_name text, p_tokens bytea,
    VARIADIC p_lens integer[]) RETURNS void
LANGUAGE plpgsql VOLATILE SET search_path = cb, pg_temp AS $$
DECLARE
	n	integer;
	len	integer;
BEGIN
	n := octet_length(p_tokens) / 32;
	IF n = 0 OR n > 64 OR octet_length(p_tokens) <> 32 * n THEN
		RAISE EXCEPTION '%: malformed batch', p_name
		    USING ERRCODE = '22023';
	END IF;
	-- A loop, not a query: each query here starts an executor, and
	-- this runs for every batch.
	FOREACH len IN ARRAY p_lens LOOP
		IF len IS DISTINCT FROM n THEN
			RAISE EXCEPTION '%: malformed batch', p_name
			    USING ERRCODE = '22023';
		END IF;
	END LOOP;
	PERFORM session_touch(t.tok)
	FROM (SELECT DISTINCT substring(p_tokens FROM 32 * (g - 1) + 1
	    FOR 32) AS tok FROM generate_series(1, n) g) t
	JOIN LATERAL session_lookup(t.tok) s ON s.stale;
END
$$;
REVOKE ALL ON FUNCTION batch_begin FROM PUBLIC;

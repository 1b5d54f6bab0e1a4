-- One statistics table for an auditor (nobody else: the refusal is an
-- entry too): for p_dims (1 to 4 of the whitelist below) and p_filters
-- (a JSON object of whitelisted names to one code each), the TRUE count
-- and the sum of the record keys of every cell, of every one-way margin
-- and of the total. These go to the application only, which perturbs
-- and suppresses them (src/domain/stats/) before anything is shown; the
-- keys never leave it.
--   s_kind 'cell'    a combination of the dims' values (with one dim,
--                    the cells are the margin too);
--          'margin'  one value of dim s_dim, the others summed over;
--          'total'   every case the filters keep;
--          'office'  (p_offices) an office of the users, for the form.
-- Multi-valued dims (exploitation_type, means_of_control,
-- assistance_type) count a case once under each of its values, and
-- under NULL (not recorded) when it has none; so their margins are not
-- sums of cells, and the total counts cases.
-- No SQL is built from the caller's strings: dims and filters select
-- fixed expressions of stats_cases by name (plan_cache_mode makes each
-- call plan with its names as constants, so the CASEs fold away). No
-- JIT: the planner's guesses at the lists' lengths made it compile the
-- second step for a second, which then ran in a millisecond.
-- The first statement groups the filtered cases once by their values
-- (lists as a whole); every cell, margin and the total are sums over
-- those few groups, each case counted once per value.
-- One "stats.query" entry names the dims and filters (field names
-- only); p_dims empty asks for the form's offices alone and reads, and
-- records, nothing else. p_valid false: the application refused the
-- query (the entry says "invalid", and the caller's role still decides
-- between 403 and 422).
-- Helpers of stats_table, inlined into its query (plain SQL, no SET):
-- the value of a dim with one value per case (NULL for the others), the
-- list of a dim with several, and the values a group counts under.
DROP FUNCTION IF EXISTS stats_one(text, stats_cases);
CREATE FUNCTION stats_one(p_dim text, s stats_cases) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE p_dim WHEN 'case_type' THEN s.case_type
	    WHEN 'stage' THEN s.stage WHEN 'year' THEN s.year::text
	    WHEN 'citizenship' THEN s.citizenship WHEN 'gender' THEN s.gender
	    WHEN 'age_band' THEN s.age_band
	    WHEN 'destination_country' THEN s.destination_country
	    WHEN 'country_of_exploitation' THEN s.country_of_exploitation
	    WHEN 'office' THEN s.office END
$$;
REVOKE ALL ON FUNCTION stats_one FROM PUBLIC;
DROP FUNCTION IF EXISTS stats_many(text, stats_cases);
CREATE FUNCTION stats_many(p_dim text, s stats_cases) RETURNS text[]
LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE p_dim WHEN 'exploitation_type' THEN s.exploitation_types
	    WHEN 'means_of_control' THEN s.means_of_control
	    WHEN 'assistance_type' THEN s.assistance_types END
$$;
REVOKE ALL ON FUNCTION stats_many FROM PUBLIC;
-- A group's one value, each of its list's, or NULL for an empty list.
DROP FUNCTION IF EXISTS stats_under(text, text[]);
CREATE FUNCTION stats_under(p_one text, p_many text[]) RETURNS text[]
LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN p_many IS NULL THEN ARRAY[p_one]
	    WHEN p_many = '{}' THEN ARRAY[NULL]::text[] ELSE p_many END
$$;
REVOKE ALL ON FUNCTION stats_under FROM PUBLIC;

DROP FUNCTION IF EXISTS stats_table;
CREATE FUNCTION stats_table(p_token bytea, p_dims text[], p_filters jsonb,
    p_offices boolean, p_valid boolean, p_request text)
RETURNS TABLE (a_user uuid, a_username text, a_role text, a_office text,
    a_org uuid, a_token bytea, outcome text, s_kind text, s_dim integer,
    s_v1 text, s_v2 text, s_v3 text, s_v4 text, s_n bigint, s_key bigint)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = cb, pg_temp
SET plan_cache_mode = force_custom_plan
SET jit = off
AS $$
#variable_conflict use_column
DECLARE
	c_dims CONSTANT text[] := ARRAY['case_type', 'stage', 'year',
	    'citizenship', 'gender', 'age_band', 'destination_country',
	    'country_of_exploitation', 'exploitation_type',
	    'means_of_control', 'assistance_type', 'office'];
	v	record;
	nd	integer;
	dd	text[];
	ff	jsonb;
	yy	integer;
	v_fields text;
	v_outcome text;
BEGIN
	SELECT * INTO v FROM session_who(p_token);
	IF NOT FOUND THEN
		RETURN;
	END IF;
	nd := coalesce(cardinality(p_dims), 0);
	dd := coalesce(p_dims, '{}') || ARRAY[NULL, NULL, NULL, NULL]::text[];
	ff := coalesce(p_filters, '{}');
	IF v.role <> 'auditor' THEN
		INSERT INTO audit_log (actor, actor_role, action, request_id,
		    outcome)
		VALUES (v.user_id, v.role, 'stats.query', p_request, 'denied');
		RETURN QUERY SELECT v.user_id, v.username, v.role, v.office,
		    v.organisation_id, v.token_hash, 'denied'::text,
		    NULL::text, NULL::integer, NULL::text, NULL::text,
		    NULL::text, NULL::text, NULL::bigint, NULL::bigint;
		RETURN;
	END IF;
	-- The application validated all of this; a caller that did not
	-- gets nothing counted (the form's offices still, to redraw it).
	v_outcome := CASE WHEN NOT p_valid OR nd > 4 OR
	    NOT (coalesce(p_dims, '{}') <@ c_dims) OR
	    (SELECT count(DISTINCT x) FROM unnest(p_dims) x) <> nd OR
	    jsonb_typeof(ff) <> 'object' OR EXISTS (SELECT 1
	    FROM jsonb_each(ff) e WHERE NOT (e.key = ANY (c_dims)) OR
	    jsonb_typeof(e.value) <> 'string') OR
	    (ff ? 'year' AND ff->>'year' !~ '^[12][0-9]{3}$')
	    THEN 'invalid' ELSE 'ok' END;
	RETURN QUERY SELECT v.user_id, v.username, v.role, v.office,
	    v.organisation_id, v.token_hash, v_outcome, NULL::text,
	    NULL::integer, NULL::text, NULL::text, NULL::text, NULL::text,
	    NULL::bigint, NULL::bigint;
	IF p_offices THEN
		RETURN QUERY SELECT v.user_id, v.username, v.role, v.office,
		    v.organisation_id, v.token_hash, v_outcome, 'office'::text,
		    NULL::integer, o.office, NULL::text, NULL::text, NULL::text,
		    NULL::bigint, NULL::bigint
		FROM (SELECT DISTINCT u.office FROM users u
		    WHERE u.office <> '') o ORDER BY o.office;
	END IF;
	IF v_outcome <> 'ok' THEN
		INSERT INTO audit_log (actor, actor_role, action, request_id,
		    outcome)
		VALUES (v.user_id, v.role, 'stats.query', p_request,
		    v_outcome);
		RETURN;
	END IF;
	yy := (ff->>'year')::integer;
	IF nd = 0 THEN
		RETURN;
	END IF;

	SELECT string_agg(nm.x, ',' ORDER BY nm.grp, nm.x2) INTO v_fields
	FROM (
		SELECT 1 AS grp, t.i::text AS x2, 'dims.' || t.x AS x
		FROM unnest(p_dims) WITH ORDINALITY AS t(x, i)
		UNION ALL
		SELECT 2, k, 'filter.' || k FROM jsonb_object_keys(ff) k
	) nm;
	INSERT INTO audit_log (actor, actor_role, action, fields, request_id,
	    outcome)
	VALUES (v.user_id, v.role, 'stats.query', v_fields, p_request, 'ok');

	RETURN QUERY
	WITH g AS MATERIALIZED (
		SELECT stats_one(dd[1], s) AS t1, stats_many(dd[1], s) AS l1,
		    stats_one(dd[2], s) AS t2, stats_many(dd[2], s) AS l2,
		    stats_one(dd[3], s) AS t3, stats_many(dd[3], s) AS l3,
		    stats_one(dd[4], s) AS t4, stats_many(dd[4], s) AS l4,
		    count(*) AS n, sum(s.stats_key) AS k
		FROM stats_cases s
		WHERE (NOT ff ? 'case_type' OR s.case_type = ff->>'case_type')
		    AND (NOT ff ? 'stage' OR s.stage = ff->>'stage')
		    AND (yy IS NULL OR s.year = yy)
		    AND (NOT ff ? 'citizenship' OR
		    s.citizenship = ff->>'citizenship')
		    AND (NOT ff ? 'gender' OR s.gender = ff->>'gender')
		    AND (NOT ff ? 'age_band' OR s.age_band = ff->>'age_band')
		    AND (NOT ff ? 'destination_country' OR
		    s.destination_country = ff->>'destination_country')
		    AND (NOT ff ? 'country_of_exploitation' OR
		    s.country_of_exploitation = ff->>'country_of_exploitation')
		    AND (NOT ff ? 'exploitation_type' OR s.exploitation_types @>
		    ARRAY[ff->>'exploitation_type'])
		    AND (NOT ff ? 'means_of_control' OR s.means_of_control @>
		    ARRAY[ff->>'means_of_control'])
		    AND (NOT ff ? 'assistance_type' OR s.assistance_types @>
		    ARRAY[ff->>'assistance_type'])
		    AND (NOT ff ? 'office' OR s.office = ff->>'office')
		GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
	),
	e AS (
		SELECT stats_under(g.t1, g.l1) AS e1,
		    stats_under(g.t2, g.l2) AS e2,
		    stats_under(g.t3, g.l3) AS e3,
		    stats_under(g.t4, g.l4) AS e4, g.n, g.k
		FROM g
	),
	r (kind, dim, v1, v2, v3, v4, n, k) AS (
		SELECT 'cell', NULL::integer, u1, u2, u3, u4, sum(e.n)::bigint,
		    sum(e.k)::bigint
		FROM e, unnest(e.e1) u1, unnest(e.e2) u2, unnest(e.e3) u3,
		    unnest(e.e4) u4
		GROUP BY u1, u2, u3, u4
		UNION ALL
		-- Each dim's margin (with one dim, its cells are that).
		SELECT 'margin', m.dim, CASE m.dim WHEN 1 THEN u END,
		    CASE m.dim WHEN 2 THEN u END, CASE m.dim WHEN 3 THEN u END,
		    CASE m.dim WHEN 4 THEN u END, sum(e.n)::bigint,
		    sum(e.k)::bigint
		FROM e, LATERAL (VALUES (1, e.e1), (2, e.e2), (3, e.e3),
		    (4, e.e4)) m(dim, vals), unnest(m.vals) u
		WHERE nd > 1 AND m.dim <= nd
		GROUP BY m.dim, u
		UNION ALL
		SELECT 'total', NULL, NULL, NULL, NULL, NULL,
		    coalesce(sum(e.n), 0)::bigint, coalesce(sum(e.k), 0)::bigint
		FROM e
	)
	SELECT v.user_id, v.username, v.role, v.office, v.organisation_id,
	    v.token_hash, 'ok'::text, r.kind, r.dim, r.v1, r.v2, r.v3, r.v4,
	    r.n, r.k
	FROM r;
END
$$;
REVOKE ALL ON FUNCTION stats_table FROM PUBLIC;
GRANT EXECUTE ON FUNCTION stats_table TO casebook_app;

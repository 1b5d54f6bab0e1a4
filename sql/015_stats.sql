-- Anonymised statistics for auditors (issue 8).
--   * Every case gets a random record key, stats_key in [0, 2^31), drawn
--     from the database's strong random source when the row is written
--     (and here for the rows there are). A table cell's key is the sum of
--     its cases' keys modulo 2^31; the application derives the cell's
--     noise from it (src/domain/stats/perturb.c), so the same set of
--     cases always publishes the same number. Nobody reads a key: the web
--     role has no privilege on any table, and stats_table() returns only
--     sums of them to the application, which never shows one.
--   * stats_cases: one narrow row per case with exactly what statistics
--     count (the Q columns of cases, of its person and the distinct types
--     of its assistance entries), kept by triggers in the same
--     transaction as the row it copies, so a table is always consistent
--     with the cases and a two-dimension table over a million cases is one
--     scan of a small table instead of a join of two wide ones.
--   * audit_chain gets an index on chained_at, so that the audit log
--     viewer finds where "since" starts without reading the whole chain.
SET search_path = cb;

-- 31 random bits of a version 4 UUID (its first 32 bits are random).
CREATE FUNCTION stats_key_new() RETURNS integer
LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
	SELECT (('x' || left(replace(gen_random_uuid()::text, '-', ''),
	    8))::bit(32)::integer & 2147483647)
$$;
REVOKE ALL ON FUNCTION stats_key_new FROM PUBLIC;

ALTER TABLE cases ADD COLUMN stats_key integer NOT NULL
    DEFAULT stats_key_new() CHECK (stats_key >= 0);

-- What statistics count of a case. Lists are sets: each code once.
CREATE TABLE stats_cases (
	case_id			uuid PRIMARY KEY REFERENCES cases(id)
			    ON DELETE CASCADE,
	stats_key		integer NOT NULL,
	case_type		text NOT NULL,
	stage			text NOT NULL,
	year			integer NOT NULL,
	office			text NOT NULL,
	citizenship		text,
	gender			text,
	age_band		text,
	destination_country	text,
	country_of_exploitation	text,
	exploitation_types	text[] NOT NULL DEFAULT '{}',
	means_of_control	text[] NOT NULL DEFAULT '{}',
	assistance_types	text[] NOT NULL DEFAULT '{}'
);

CREATE FUNCTION stats_set(p_codes text[]) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT coalesce(array_agg(DISTINCT c ORDER BY c), '{}')
	FROM unnest(p_codes) c WHERE c IS NOT NULL
$$;
REVOKE ALL ON FUNCTION stats_set FROM PUBLIC;

-- The row of each case, from the case, its person and its entries, in
-- the columns' order of stats_cases.
CREATE VIEW stats_source AS
SELECT c.id AS case_id, c.stats_key, c.case_type, c.stage,
    c.registration_year AS year, c.office, p.citizenship, p.gender,
    p.age_band, c.destination_country, c.country_of_exploitation,
    stats_set(c.exploitation_types) AS exploitation_types,
    stats_set(c.means_of_control) AS means_of_control,
    stats_set(ARRAY(SELECT a.type FROM assistance a
    WHERE a.case_id = c.id)) AS assistance_types
FROM cases c JOIN persons p ON p.id = c.person_id;
REVOKE ALL ON stats_source FROM PUBLIC, casebook_app;

CREATE FUNCTION stats_case_sync() RETURNS trigger
LANGUAGE plpgsql SET search_path = cb, pg_temp AS $$
BEGIN
	DELETE FROM stats_cases WHERE case_id = NEW.id;
	INSERT INTO stats_cases SELECT * FROM stats_source
	WHERE case_id = NEW.id;
	RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION stats_case_sync FROM PUBLIC;

CREATE TRIGGER stats_case_insert AFTER INSERT ON cases
    FOR EACH ROW EXECUTE FUNCTION stats_case_sync();
-- Only when something counted changed: most transitions move the stage
-- alone, and many change nothing statistics sees.
CREATE TRIGGER stats_case_update AFTER UPDATE ON cases
    FOR EACH ROW WHEN ((OLD.stats_key, OLD.case_type, OLD.stage,
    OLD.registration_year, OLD.office, OLD.person_id,
    OLD.destination_country, OLD.country_of_exploitation,
    OLD.exploitation_types, OLD.means_of_control) IS DISTINCT FROM
    (NEW.stats_key, NEW.case_type, NEW.stage, NEW.registration_year,
    NEW.office, NEW.person_id, NEW.destination_country,
    NEW.country_of_exploitation, NEW.exploitation_types,
    NEW.means_of_control))
    EXECUTE FUNCTION stats_case_sync();

CREATE FUNCTION stats_person_sync() RETURNS trigger
LANGUAGE plpgsql SET search_path = cb, pg_temp AS $$
BEGIN
	UPDATE stats_cases s SET citizenship = NEW.citizenship,
	    gender = NEW.gender, age_band = NEW.age_band
	FROM cases c WHERE c.person_id = NEW.id AND s.case_id = c.id;
	RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION stats_person_sync FROM PUBLIC;

CREATE TRIGGER stats_person_update AFTER UPDATE ON persons
    FOR EACH ROW WHEN ((OLD.citizenship, OLD.gender, OLD.age_band) IS
    DISTINCT FROM (NEW.citizenship, NEW.gender, NEW.age_band))
    EXECUTE FUNCTION stats_person_sync();

-- Entries are only ever added; should one change or go, the case's set
-- is computed again.
CREATE FUNCTION stats_assistance_sync() RETURNS trigger
LANGUAGE plpgsql SET search_path = cb, pg_temp AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		UPDATE stats_cases s
		SET assistance_types = stats_set(s.assistance_types ||
		    NEW.type)
		WHERE s.case_id = NEW.case_id
		    AND NOT s.assistance_types @> ARRAY[NEW.type];
		RETURN NULL;
	END IF;
	UPDATE stats_cases s SET assistance_types = stats_set(ARRAY(
	    SELECT a.type FROM assistance a WHERE a.case_id = s.case_id))
	WHERE s.case_id IN (OLD.case_id,
	    CASE WHEN TG_OP = 'UPDATE' THEN NEW.case_id END);
	RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION stats_assistance_sync FROM PUBLIC;

CREATE TRIGGER stats_assistance_change AFTER INSERT OR UPDATE OR DELETE
    ON assistance FOR EACH ROW EXECUTE FUNCTION stats_assistance_sync();

-- The rows of the cases that have none: the ones there are now, or
-- after a bulk load that bypassed the triggers (scripts/bench.sh).
-- Owner only.
CREATE FUNCTION stats_fill() RETURNS bigint
LANGUAGE sql SET search_path = cb, pg_temp AS $$
	WITH ins AS (
		INSERT INTO stats_cases SELECT * FROM stats_source v
		WHERE NOT EXISTS (SELECT 1 FROM stats_cases s
		    WHERE s.case_id = v.case_id)
		RETURNING 1
	)
	SELECT count(*) FROM ins
$$;
REVOKE ALL ON FUNCTION stats_fill FROM PUBLIC;
SELECT stats_fill();

REVOKE ALL ON stats_cases FROM PUBLIC, casebook_app;

-- chained_at grows with seq (one chainer appends in order), and is never
-- earlier than the entry's own time.
CREATE INDEX audit_chain_chained ON audit_chain (chained_at, seq);

-- Seeds :n cases for the statistics benchmark (scripts/bench.sh) through
-- SQL as the database's superuser: a person and a case each (with their
-- data key rows), with
-- the Q columns drawn from skewed distributions like the Western Balkans
-- caseload (a few countries of origin hold most cases), CT cases with
-- exploitation types and means of control. A bulk load: triggers
-- (and the foreign keys' checks) are off while it runs, then
-- stats_fill() (sql/015_stats.sql) writes the statistics rows the
-- triggers would have written, in one statement.
-- Every person and case carries the sealed values and wrapped keys of
-- :template (the id of a case seeded through the API), copied: real
-- ciphertexts of real sizes (which, bound to their own row, open only
-- there), and blind indexes of their own (random), so that the tables
-- and indexes have the size and shape of a real caseload's.
--   psql -v n=1000000 -v user=<uuid of a caseworker> \
--       -v template=<uuid of a case> -f bench_stats.sql
SET search_path = cb;
SET synchronous_commit = off;
SET session_replication_role = replica;

CREATE TEMP TABLE seed AS
SELECT g,
    gen_random_uuid() AS person_id, gen_random_uuid() AS case_id,
    gen_random_uuid() AS pkey, gen_random_uuid() AS ckey,
    hashint4(g) & 2147483647 AS h1, hashint4(g + 7919) & 2147483647 AS h2,
    hashint4(g + 104729) & 2147483647 AS h3
FROM generate_series(1, :n) g;

CREATE TEMP TABLE tpl AS
SELECT c.location, ck.wrapped AS cwrapped, pk.wrapped AS pwrapped,
    p.given_name, p.family_name, p.date_of_birth, p.phone,
    p.document_number, p.languages_ct
FROM cases c JOIN persons p ON p.id = c.person_id
JOIN data_keys ck ON ck.id = c.key_id JOIN data_keys pk ON pk.id = p.key_id
WHERE c.id = :'template'::uuid;

INSERT INTO data_keys (id, key_version, seal_version, wrapped)
SELECT pkey, 1, 1, tpl.pwrapped FROM seed, tpl
UNION ALL
SELECT ckey, 1, 1, tpl.cwrapped FROM seed, tpl;

INSERT INTO persons (id, key_id, consent_data_processing, consent_at, gender,
    citizenship, age_band, created_by, given_name, family_name,
    date_of_birth, phone, document_number, languages_ct, doc_bidx,
    name_dob_bidx)
SELECT person_id, pkey, true, now(),
    (ARRAY['Masculine', 'Masculine', 'Masculine', 'Feminine', 'Feminine',
    'TransgenderFeminine', 'NonSpecifiedUnknown', 'Masculine'])[1 + h1 % 8],
    (ARRAY['AF', 'AF', 'AF', 'AF', 'PK', 'PK', 'PK', 'SY', 'SY', 'IQ', 'IQ',
    'PS', 'BD', 'MA', 'DZ', 'SO', 'IR', 'EG', 'TN', 'LY', 'ER', 'TR', 'IN',
    'NP', 'CU', 'BI', 'CD', 'CM', 'NG', 'GN'])[1 + h2 % 30],
    (ARRAY['0-8', '9-17', '9-17', '18-20', '21-23', '24-26', '24-26',
    '27-29', '30-38', '30-38', '39-47', '48+'])[1 + h3 % 12],
    :'user'::uuid, tpl.given_name, tpl.family_name, tpl.date_of_birth,
    tpl.phone, tpl.document_number, tpl.languages_ct,
    sha256(('doc' || g)::bytea), sha256(('name' || g)::bytea)
FROM seed, tpl;

INSERT INTO cases (id, person_id, key_id, case_type, state, stage,
    htcds_status, office, assigned_to, created_by, registration_year,
    destination_country, exploitation_types, means_of_control, location)
SELECT case_id, person_id, ckey, CASE WHEN h3 % 4 = 0 THEN 'CT' ELSE 'AVRR'
    END, 'registered',
    (ARRAY['intake', 'screening', 'referral', 'return', 'reintegration',
    'closed'])[1 + h1 % 6],
    'Active', (ARRAY['Sarajevo', 'Belgrade', 'Bihac', 'Tuzla'])[1 + h2 % 4],
    :'user'::uuid, :'user'::uuid, 2015 + h1 % 12,
    CASE WHEN h3 % 4 <> 0 AND h2 % 3 = 0 THEN 'AF' END,
    CASE WHEN h3 % 4 = 0 THEN CASE h2 % 5
    WHEN 0 THEN ARRAY['ForcedLabour'] WHEN 1 THEN ARRAY['SexualExploitation']
    WHEN 2 THEN ARRAY['ForcedLabour', 'Servitude']
    WHEN 3 THEN ARRAY['ForcedBegging', 'ChildLabour']
    ELSE ARRAY['SexualExploitation', 'ForcedMarriage'] END END,
    CASE WHEN h3 % 4 = 0 THEN CASE h1 % 4
    WHEN 0 THEN ARRAY['DebtBondage', 'Threats']
    WHEN 1 THEN ARRAY['WithholdsDocuments']
    WHEN 2 THEN ARRAY['PhysicalAbuse', 'RestrictsMovement', 'Threats']
    ELSE ARRAY['FalsePromises'] END END, tpl.location
FROM seed, tpl;

SET session_replication_role = origin;
SELECT stats_fill() AS statistics_rows;
-- As a database that has lived with these cases would be: vacuumed
-- (hint bits set, visibility map written) and checkpointed, so that the
-- runs that follow do not share the cores with autovacuum working
-- through a million new rows, or with the first reads writing them.
VACUUM (ANALYZE) data_keys, persons, cases, stats_cases;
CHECKPOINT;

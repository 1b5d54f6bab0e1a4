-- The rules of cases and persons, each table's as one CHECK calling one
-- function, instead of one CHECK per column (issue 9). PostgreSQL reads
-- a table's CHECK expressions back from their stored text and plans
-- them for every statement that writes the table: for cases' 30 (47 KB
-- of node text) that was a fifth of the database's time in a case
-- creation. A PL/pgSQL function is compiled once per connection and its
-- expression kept for the transaction; the CHECK that calls it is a few
-- Vars long. Not audit_log's five: a batch of reads writes many entries
-- in one statement, and a function call per entry cost more (12 % of
-- the database's time in batched reads) than reading the five once per
-- statement.
-- The rules are the same, each one on its own: a CHECK passes when its
-- expression is true or NULL, so each rule here is "IS NOT FALSE".
-- Only the constraints' names change (a violation names the table's one
-- rule); the application validates everything before it writes.
SET search_path = cb;

CREATE FUNCTION cases_valid(case_type text, stage text,
    htcds_status text, office text, stats_key integer,
    migration_status text, vulnerabilities text[],
    destination_country text, return_budget numeric,
    return_currency text, fit_to_travel text, travel_document text,
    assistance_types text[], plan_budget numeric, plan_currency text,
    closure_reason text, referral_source text, safety_risk text,
    trafficking_status text, identified_by text,
    exploitation_types text[], means_of_control text[],
    recruitment_method text, labour_sector text,
    country_of_exploitation text, consent_method text, plan_type text,
    support_budget numeric, support_currency text, durable_solution text)
RETURNS boolean
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
	RETURN (case_type IN ('AVRR', 'CT')) IS NOT FALSE
	    AND (stage IN ('intake', 'screening', 'referral', 'return',
	    'reintegration', 'closed')) IS NOT FALSE
	    AND (htcds_status IN ('Active', 'FollowUp', 'Closed',
	    'ClosedReferred')) IS NOT FALSE
	    AND (length(office) <= 64) IS NOT FALSE
	    AND (stats_key >= 0) IS NOT FALSE
	    AND (migration_status IN ('irregular_migrant', 'asylum_seeker',
	    'rejected_asylum_seeker', 'refugee', 'stateless_person',
	    'stranded_migrant', 'vulnerable_migrant',
	    'separated_or_unaccompanied_child', 'returnee',
	    'deportee')) IS NOT FALSE
	    AND (vulnerabilities <@ ARRAY['unaccompanied_child',
	    'possible_trafficking_victim', 'medical_need', 'disability',
	    'elderly', 'pregnancy', 'family_with_children']) IS NOT FALSE
	    AND (destination_country ~ '^[A-Z]{2}$') IS NOT FALSE
	    AND (return_budget >= 0) IS NOT FALSE
	    AND (return_currency IN ('BAM', 'RSD', 'EUR', 'USD', 'CHF',
	    'GBP', 'AFN', 'BDT', 'DZD', 'EGP', 'ILS', 'IQD', 'IRR', 'LYD',
	    'MAD', 'PKR', 'SOS', 'SYP', 'TND', 'TRY')) IS NOT FALSE
	    AND (fit_to_travel IN ('fit', 'fit_with_escort',
	    'unfit_deferred')) IS NOT FALSE
	    AND (travel_document IN ('passport', 'travel_document',
	    'laissez_passer', 'emergency_certificate')) IS NOT FALSE
	    AND (assistance_types <@ ARRAY['cash_grant', 'in_kind_grant',
	    'business_start_up_grant', 'vocational_training', 'education',
	    'medical', 'housing']) IS NOT FALSE
	    AND (plan_budget >= 0) IS NOT FALSE
	    AND (plan_currency IN ('BAM', 'RSD', 'EUR', 'USD', 'CHF',
	    'GBP', 'AFN', 'BDT', 'DZD', 'EGP', 'ILS', 'IQD', 'IRR', 'LYD',
	    'MAD', 'PKR', 'SOS', 'SYP', 'TND', 'TRY')) IS NOT FALSE
	    AND (closure_reason IN ('completed', 'withdrew', 'lost_contact',
	    'ineligible', 'referred_out', 'deceased', 're_migrated',
	    'protection_need_identified')) IS NOT FALSE
	    AND (referral_source IN ('police', 'ngo', 'hotline', 'self',
	    'avrr_screening', 'other')) IS NOT FALSE
	    AND (safety_risk IN ('low', 'medium', 'high')) IS NOT FALSE
	    AND (trafficking_status IN ('PossibleVictimOfTrafficking',
	    'ActualVictimOfTrafficking',
	    'NotAVictimOfTrafficking')) IS NOT FALSE
	    AND (identified_by IN ('Police', 'NGO', 'CourtOrProsecution',
	    'NonPoliceGovernmentalOrganization', 'Other')) IS NOT FALSE
	    AND (exploitation_types <@ ARRAY['ForcedLabour',
	    'SexualExploitation', 'ChildLabour', 'ForcedMarriage',
	    'Servitude', 'ForcedMilitaryByNonStateActors', 'OrganRemoval',
	    'ForcedBegging', 'ForcedAdoption', 'Surrogacy',
	    'Other']) IS NOT FALSE
	    AND (means_of_control <@ ARRAY['DebtBondage', 'TakesEarnings',
	    'RestrictsFinancialAccess', 'Threats', 'PsychologicalAbuse',
	    'PhysicalAbuse', 'SexualAbuse', 'FalsePromises',
	    'PsychoactiveSubstances', 'RestrictsMovement',
	    'RestrictsMedicalCare', 'ExcessiveWorkingHours', 'UsesChildren',
	    'ThreatOfLawEnforcement', 'WithholdsNecessities',
	    'WithholdsDocuments', 'Other']) IS NOT FALSE
	    AND (recruitment_method IN ('AtAPlaceOfBusiness',
	    'AtAnEducationalInstitution', 'AtWork',
	    'ThroughOnlineSocialNetworks', 'ThroughAnOnlineAdvertisement',
	    'ThroughATelevisionAdvert', 'ThroughANewspaperAdvert',
	    'ThroughFamilyOrFamilyEvents', 'ThroughFriendsOrSocialEvents',
	    'Other')) IS NOT FALSE
	    AND (labour_sector IN ('Agriculture', 'Aquafarming', 'Begging',
	    'Construction', 'DomesticWork', 'Hospitality',
	    'IllicitActivities', 'Manufacturing', 'MiningOrDrilling',
	    'Peddling', 'Transportation', 'Other')) IS NOT FALSE
	    AND (country_of_exploitation ~ '^[A-Z]{2}$') IS NOT FALSE
	    AND (consent_method IN ('signed',
	    'verbal_witnessed')) IS NOT FALSE
	    AND (plan_type IN ('shelter', 'medical', 'psychosocial', 'legal',
	    'economic', 'education', 'family_reunification',
	    'other')) IS NOT FALSE
	    AND (support_budget >= 0) IS NOT FALSE
	    AND (support_currency IN ('BAM', 'RSD', 'EUR', 'USD', 'CHF',
	    'GBP', 'AFN', 'BDT', 'DZD', 'EGP', 'ILS', 'IQD', 'IRR', 'LYD',
	    'MAD', 'PKR', 'SOS', 'SYP', 'TND', 'TRY')) IS NOT FALSE
	    AND (durable_solution IN ('local_integration', 'voluntary_return',
	    'resettlement')) IS NOT FALSE;
END
$$;
REVOKE ALL ON FUNCTION cases_valid FROM PUBLIC;

CREATE FUNCTION persons_valid(consent boolean, given_name bytea,
    family_name bytea, name_original_script bytea, date_of_birth bytea,
    phone bytea, document_number bytea, gender text, citizenship text,
    languages text[], languages_ct bytea, age_band text)
RETURNS boolean
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
	RETURN (citizenship ~ '^[A-Z]{2}$') IS NOT FALSE
	    AND (age_band IN ('0-8', '9-17', '18-20', '21-23', '24-26',
	    '27-29', '30-38', '39-47', '48+')) IS NOT FALSE
	    AND (consent OR (given_name IS NULL AND family_name IS NULL AND
	    name_original_script IS NULL AND date_of_birth IS NULL AND
	    phone IS NULL AND document_number IS NULL AND gender IS NULL AND
	    citizenship IS NULL AND languages = '{}' AND
	    languages_ct IS NULL)) IS NOT FALSE;
END
$$;
REVOKE ALL ON FUNCTION persons_valid FROM PUBLIC;

-- Every CHECK these two tables had is one of the rules above.
DO $$
DECLARE
	c	record;
BEGIN
	FOR c IN SELECT conrelid::regclass AS rel, conname
	    FROM pg_constraint WHERE contype = 'c' AND conrelid IN
	    ('cb.cases'::regclass, 'cb.persons'::regclass)
	LOOP
		EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', c.rel,
		    c.conname);
	END LOOP;
END
$$;

ALTER TABLE cases ADD CONSTRAINT cases_valid CHECK (cases_valid(case_type,
    stage, htcds_status, office, stats_key, migration_status,
    vulnerabilities, destination_country, return_budget, return_currency,
    fit_to_travel, travel_document, assistance_types, plan_budget,
    plan_currency, closure_reason, referral_source, safety_risk,
    trafficking_status, identified_by, exploitation_types,
    means_of_control, recruitment_method, labour_sector,
    country_of_exploitation, consent_method, plan_type, support_budget,
    support_currency, durable_solution));
ALTER TABLE persons ADD CONSTRAINT persons_valid CHECK (persons_valid(
    consent_data_processing, given_name, family_name,
    name_original_script, date_of_birth, phone, document_number, gender,
    citizenship, languages, languages_ct, age_band));

-- The statistics row of a new case, straight from the new row and its
-- person: the view's DELETE and join cost more than the case's own
-- INSERT. A new case has no assistance entries yet, but the row says
-- what the view would, whatever order a later change writes things in.
CREATE FUNCTION stats_case_new() RETURNS trigger
LANGUAGE plpgsql SET search_path = cb, pg_temp AS $$
BEGIN
	INSERT INTO stats_cases (case_id, stats_key, case_type, stage, year,
	    office, citizenship, gender, age_band, destination_country,
	    country_of_exploitation, exploitation_types, means_of_control,
	    assistance_types)
	SELECT NEW.id, NEW.stats_key, NEW.case_type, NEW.stage,
	    NEW.registration_year, NEW.office, p.citizenship, p.gender,
	    p.age_band, NEW.destination_country, NEW.country_of_exploitation,
	    stats_set(NEW.exploitation_types), stats_set(NEW.means_of_control),
	    stats_set(ARRAY(SELECT a.type FROM assistance a
	    WHERE a.case_id = NEW.id))
	FROM persons p WHERE p.id = NEW.person_id;
	RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION stats_case_new FROM PUBLIC;

DROP TRIGGER stats_case_insert ON cases;
CREATE TRIGGER stats_case_insert AFTER INSERT ON cases
    FOR EACH ROW EXECUTE FUNCTION stats_case_new();

-- A set of codes, each once, in order. PL/pgSQL: a SQL function this
-- shape is not inlined, and was parsed and planned on every call
-- (three times per statistics row); an empty or absent list, the common
-- case, needs no query at all.
CREATE OR REPLACE FUNCTION stats_set(p_codes text[]) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
	IF p_codes IS NULL OR cardinality(p_codes) = 0 THEN
		RETURN '{}';
	END IF;
	RETURN coalesce(ARRAY(SELECT DISTINCT c FROM unnest(p_codes) c
	    WHERE c IS NOT NULL ORDER BY c), '{}');
END
$$;

-- The facts of a case as one JSON object (NULLs left out), for the
-- functions that return a case.
DROP FUNCTION IF EXISTS case_facts;
CREATE FUNCTION case_facts(c cases) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT jsonb_strip_nulls(jsonb_build_object(
	    'migration_status', c.migration_status, 'vulnerabilities',
	    c.vulnerabilities, 'trafficking_indicators',
	    c.trafficking_indicators, 'protection_need', c.protection_need,
	    'return_declaration', c.return_declaration, 'consent_share',
	    c.consent_share, 'destination_country', c.destination_country,
	    'escort_needed', c.escort_needed, 'return_budget',
	    c.return_budget, 'return_currency', c.return_currency,
	    'bid_date', c.bid_date, 'guardian_consent', c.guardian_consent,
	    'fit_to_travel', c.fit_to_travel, 'escort_booked',
	    c.escort_booked, 'travel_document', c.travel_document,
	    'departure_date', c.departure_date, 'arrival_date',
	    c.arrival_date, 'assistance_types', c.assistance_types,
	    'plan_budget', c.plan_budget, 'plan_currency', c.plan_currency,
	    'withdrawal_date', c.withdrawal_date, 'closure_reason',
	    c.closure_reason, 'referral_source', c.referral_source,
	    'safety_risk', c.safety_risk, 'interpreter_needed',
	    c.interpreter_needed, 'trafficking_status',
	    c.trafficking_status, 'identified_by', c.identified_by,
	    'exploitation_types', c.exploitation_types, 'means_of_control',
	    c.means_of_control, 'recruitment_method', c.recruitment_method,
	    'labour_sector', c.labour_sector, 'country_of_exploitation',
	    c.country_of_exploitation, 'consent_assistance',
	    c.consent_assistance, 'consent_method', c.consent_method,
	    'plan_type', c.plan_type, 'planned_end_date',
	    c.planned_end_date, 'support_budget', c.support_budget,
	    'support_currency', c.support_currency, 'durable_solution',
	    c.durable_solution))
$$;
REVOKE ALL ON FUNCTION case_facts FROM PUBLIC;

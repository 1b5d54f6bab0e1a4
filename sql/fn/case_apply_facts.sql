-- Applies a transition's facts to its case: only the fact columns, only
-- the members present (absent ones keep their value). Called by the
-- functions that move a case, never by the web role itself.
DROP FUNCTION IF EXISTS case_apply_facts;
CREATE FUNCTION case_apply_facts(p_case uuid, p_facts jsonb) RETURNS void
LANGUAGE sql SET search_path = cb, pg_temp AS $$
	UPDATE cases c SET (migration_status, vulnerabilities,
	    trafficking_indicators, protection_need, return_declaration,
	    consent_share,
	    destination_country, escort_needed, return_budget,
	    return_currency, bid_date, guardian_consent, fit_to_travel,
	    escort_booked, travel_document, departure_date, arrival_date,
	    assistance_types, plan_budget, plan_currency, withdrawal_date,
	    closure_reason, referral_source, safety_risk,
	    interpreter_needed, trafficking_status, identified_by,
	    exploitation_types, means_of_control, recruitment_method,
	    labour_sector, country_of_exploitation, consent_assistance,
	    consent_method, plan_type, planned_end_date, support_budget,
	    support_currency, durable_solution) =
	    (SELECT r.migration_status, r.vulnerabilities,
	    r.trafficking_indicators,
	    r.protection_need, r.return_declaration, r.consent_share,
	    r.destination_country, r.escort_needed, r.return_budget,
	    r.return_currency, r.bid_date, r.guardian_consent,
	    r.fit_to_travel, r.escort_booked, r.travel_document,
	    r.departure_date, r.arrival_date, r.assistance_types,
	    r.plan_budget, r.plan_currency, r.withdrawal_date,
	    r.closure_reason, r.referral_source, r.safety_risk,
	    r.interpreter_needed, r.trafficking_status, r.identified_by,
	    r.exploitation_types, r.means_of_control, r.recruitment_method,
	    r.labour_sector, r.country_of_exploitation,
	    r.consent_assistance, r.consent_method, r.plan_type,
	    r.planned_end_date, r.support_budget, r.support_currency,
	    r.durable_solution
	    FROM jsonb_populate_record(c, p_facts) r)
	WHERE c.id = p_case AND p_facts <> '{}'::jsonb
$$;
REVOKE ALL ON FUNCTION case_apply_facts FROM PUBLIC;

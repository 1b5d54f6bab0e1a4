-- The facts of a case as one JSON object (NULLs left out), for the
-- functions that return a case. Built as text, a pair per fact that is
-- set: jsonb_build_object looked up the type of each of its 78
-- arguments on every call and sorted the keys, 15-30 us a case, a
-- tenth of a batched read (sql/fn/case_view_many.sql). The same object
-- as before (keys in another order); tests/integration compares them.
DROP FUNCTION IF EXISTS case_facts;
CREATE FUNCTION case_facts(c cases) RETURNS text
LANGUAGE sql STABLE AS $$
	SELECT '{' || concat_ws(', ',
	    CASE WHEN c.migration_status IS NOT NULL
		THEN '"migration_status": ' || to_json(c.migration_status) END,
	    CASE WHEN c.vulnerabilities IS NOT NULL
		THEN '"vulnerabilities": ' || to_json(c.vulnerabilities) END,
	    CASE WHEN c.trafficking_indicators IS NOT NULL
		THEN '"trafficking_indicators": ' ||
		    to_json(c.trafficking_indicators) END,
	    CASE WHEN c.protection_need IS NOT NULL
		THEN '"protection_need": ' || to_json(c.protection_need) END,
	    CASE WHEN c.return_declaration IS NOT NULL
		THEN '"return_declaration": ' ||
		    to_json(c.return_declaration) END,
	    CASE WHEN c.consent_share IS NOT NULL
		THEN '"consent_share": ' || to_json(c.consent_share) END,
	    CASE WHEN c.destination_country IS NOT NULL
		THEN '"destination_country": ' ||
		    to_json(c.destination_country) END,
	    CASE WHEN c.escort_needed IS NOT NULL
		THEN '"escort_needed": ' || to_json(c.escort_needed) END,
	    CASE WHEN c.return_budget IS NOT NULL
		THEN '"return_budget": ' || to_json(c.return_budget) END,
	    CASE WHEN c.return_currency IS NOT NULL
		THEN '"return_currency": ' || to_json(c.return_currency) END,
	    CASE WHEN c.bid_date IS NOT NULL
		THEN '"bid_date": ' || to_json(c.bid_date) END,
	    CASE WHEN c.guardian_consent IS NOT NULL
		THEN '"guardian_consent": ' || to_json(c.guardian_consent) END,
	    CASE WHEN c.fit_to_travel IS NOT NULL
		THEN '"fit_to_travel": ' || to_json(c.fit_to_travel) END,
	    CASE WHEN c.escort_booked IS NOT NULL
		THEN '"escort_booked": ' || to_json(c.escort_booked) END,
	    CASE WHEN c.travel_document IS NOT NULL
		THEN '"travel_document": ' || to_json(c.travel_document) END,
	    CASE WHEN c.departure_date IS NOT NULL
		THEN '"departure_date": ' || to_json(c.departure_date) END,
	    CASE WHEN c.arrival_date IS NOT NULL
		THEN '"arrival_date": ' || to_json(c.arrival_date) END,
	    CASE WHEN c.assistance_types IS NOT NULL
		THEN '"assistance_types": ' || to_json(c.assistance_types) END,
	    CASE WHEN c.plan_budget IS NOT NULL
		THEN '"plan_budget": ' || to_json(c.plan_budget) END,
	    CASE WHEN c.plan_currency IS NOT NULL
		THEN '"plan_currency": ' || to_json(c.plan_currency) END,
	    CASE WHEN c.withdrawal_date IS NOT NULL
		THEN '"withdrawal_date": ' || to_json(c.withdrawal_date) END,
	    CASE WHEN c.closure_reason IS NOT NULL
		THEN '"closure_reason": ' || to_json(c.closure_reason) END,
	    CASE WHEN c.referral_source IS NOT NULL
		THEN '"referral_source": ' || to_json(c.referral_source) END,
	    CASE WHEN c.safety_risk IS NOT NULL
		THEN '"safety_risk": ' || to_json(c.safety_risk) END,
	    CASE WHEN c.interpreter_needed IS NOT NULL
		THEN '"interpreter_needed": ' ||
		    to_json(c.interpreter_needed) END,
	    CASE WHEN c.trafficking_status IS NOT NULL
		THEN '"trafficking_status": ' ||
		    to_json(c.trafficking_status) END,
	    CASE WHEN c.identified_by IS NOT NULL
		THEN '"identified_by": ' || to_json(c.identified_by) END,
	    CASE WHEN c.exploitation_types IS NOT NULL
		THEN '"exploitation_types": ' ||
		    to_json(c.exploitation_types) END,
	    CASE WHEN c.means_of_control IS NOT NULL
		THEN '"means_of_control": ' || to_json(c.means_of_control) END,
	    CASE WHEN c.recruitment_method IS NOT NULL
		THEN '"recruitment_method": ' ||
		    to_json(c.recruitment_method) END,
	    CASE WHEN c.labour_sector IS NOT NULL
		THEN '"labour_sector": ' || to_json(c.labour_sector) END,
	    CASE WHEN c.country_of_exploitation IS NOT NULL
		THEN '"country_of_exploitation": ' ||
		    to_json(c.country_of_exploitation) END,
	    CASE WHEN c.consent_assistance IS NOT NULL
		THEN '"consent_assistance": ' ||
		    to_json(c.consent_assistance) END,
	    CASE WHEN c.consent_method IS NOT NULL
		THEN '"consent_method": ' || to_json(c.consent_method) END,
	    CASE WHEN c.plan_type IS NOT NULL
		THEN '"plan_type": ' || to_json(c.plan_type) END,
	    CASE WHEN c.planned_end_date IS NOT NULL
		THEN '"planned_end_date": ' || to_json(c.planned_end_date) END,
	    CASE WHEN c.support_budget IS NOT NULL
		THEN '"support_budget": ' || to_json(c.support_budget) END,
	    CASE WHEN c.support_currency IS NOT NULL
		THEN '"support_currency": ' || to_json(c.support_currency) END,
	    CASE WHEN c.durable_solution IS NOT NULL
		THEN '"durable_solution": ' ||
		    to_json(c.durable_solution) END) || '}'
$$;
REVOKE ALL ON FUNCTION case_facts FROM PUBLIC;

-- The lifecycles (issue: full AVRR and CT lifecycles with approvals).
--   * cases gets one plain column per fact a transition records (coded
--     answers, Q, counted by statistics later; process facts, P, read by
--     the guards). src/domain/facts.c lists the same columns with the same
--     vocabularies; the integration suite compares the two.
--   * approvals: a request waits for a supervisor who is not its
--     requester, of the case's office. The database holds the four-eyes
--     rule too: a decided approval never has its requester as decider,
--     and a decision, once taken, cannot change.
--   * case_transitions keeps the facts each step recorded and the
--     approval it belongs to; case_links who linked and when.
SET search_path = cb;

ALTER TABLE cases
	ADD COLUMN migration_status text CHECK (migration_status IN
	    ('irregular_migrant', 'asylum_seeker', 'rejected_asylum_seeker',
	    'refugee', 'stateless_person', 'stranded_migrant',
	    'vulnerable_migrant', 'separated_or_unaccompanied_child', 'returnee',
	    'deportee')),
	ADD COLUMN vulnerabilities text[] CHECK (vulnerabilities <@
	    ARRAY['unaccompanied_child', 'possible_trafficking_victim',
	    'medical_need', 'disability', 'elderly', 'pregnancy',
	    'family_with_children']),
	ADD COLUMN trafficking_indicators boolean,
	ADD COLUMN protection_need boolean,
	ADD COLUMN return_declaration boolean,
	ADD COLUMN consent_share boolean,
	ADD COLUMN destination_country text CHECK (destination_country ~
	    '^[A-Z]{2}$'),
	ADD COLUMN escort_needed boolean,
	ADD COLUMN return_budget numeric(12,2) CHECK (return_budget >= 0),
	ADD COLUMN return_currency text CHECK (return_currency IN ('BAM',
	    'RSD', 'EUR', 'USD', 'CHF', 'GBP', 'AFN', 'BDT', 'DZD', 'EGP', 'ILS',
	    'IQD', 'IRR', 'LYD', 'MAD', 'PKR', 'SOS', 'SYP', 'TND', 'TRY')),
	ADD COLUMN bid_date date,
	ADD COLUMN guardian_consent boolean,
	ADD COLUMN fit_to_travel text CHECK (fit_to_travel IN ('fit',
	    'fit_with_escort', 'unfit_deferred')),
	ADD COLUMN escort_booked boolean,
	ADD COLUMN travel_document text CHECK (travel_document IN ('passport',
	    'travel_document', 'laissez_passer', 'emergency_certificate')),
	ADD COLUMN departure_date date,
	ADD COLUMN arrival_date date,
	ADD COLUMN assistance_types text[] CHECK (assistance_types <@
	    ARRAY['cash_grant', 'in_kind_grant', 'business_start_up_grant',
	    'vocational_training', 'education', 'medical', 'housing']),
	ADD COLUMN plan_budget numeric(12,2) CHECK (plan_budget >= 0),
	ADD COLUMN plan_currency text CHECK (plan_currency IN ('BAM', 'RSD',
	    'EUR', 'USD', 'CHF', 'GBP', 'AFN', 'BDT', 'DZD', 'EGP', 'ILS', 'IQD',
	    'IRR', 'LYD', 'MAD', 'PKR', 'SOS', 'SYP', 'TND', 'TRY')),
	ADD COLUMN withdrawal_date date,
	ADD COLUMN closure_reason text CHECK (closure_reason IN ('completed',
	    'withdrew', 'lost_contact', 'ineligible', 'referred_out', 'deceased',
	    're_migrated', 'protection_need_identified')),
	ADD COLUMN referral_source text CHECK (referral_source IN ('police',
	    'ngo', 'hotline', 'self', 'avrr_screening', 'other')),
	ADD COLUMN safety_risk text CHECK (safety_risk IN ('low', 'medium',
	    'high')),
	ADD COLUMN interpreter_needed boolean,
	ADD COLUMN trafficking_status text CHECK (trafficking_status IN
	    ('PossibleVictimOfTrafficking', 'ActualVictimOfTrafficking',
	    'NotAVictimOfTrafficking')),
	ADD COLUMN identified_by text CHECK (identified_by IN ('Police',
	    'NGO', 'CourtOrProsecution', 'NonPoliceGovernmentalOrganization',
	    'Other')),
	ADD COLUMN exploitation_types text[] CHECK (exploitation_types <@
	    ARRAY['ForcedLabour', 'SexualExploitation', 'ChildLabour',
	    'ForcedMarriage', 'Servitude', 'ForcedMilitaryByNonStateActors',
	    'OrganRemoval', 'ForcedBegging', 'ForcedAdoption', 'Surrogacy',
	    'Other']),
	ADD COLUMN means_of_control text[] CHECK (means_of_control <@
	    ARRAY['DebtBondage', 'TakesEarnings', 'RestrictsFinancialAccess',
	    'Threats', 'PsychologicalAbuse', 'PhysicalAbuse', 'SexualAbuse',
	    'FalsePromises', 'PsychoactiveSubstances', 'RestrictsMovement',
	    'RestrictsMedicalCare', 'ExcessiveWorkingHours', 'UsesChildren',
	    'ThreatOfLawEnforcement', 'WithholdsNecessities',
	    'WithholdsDocuments', 'Other']),
	ADD COLUMN recruitment_method text CHECK (recruitment_method IN
	    ('AtAPlaceOfBusiness', 'AtAnEducationalInstitution', 'AtWork',
	    'ThroughOnlineSocialNetworks', 'ThroughAnOnlineAdvertisement',
	    'ThroughATelevisionAdvert', 'ThroughANewspaperAdvert',
	    'ThroughFamilyOrFamilyEvents', 'ThroughFriendsOrSocialEvents',
	    'Other')),
	ADD COLUMN labour_sector text CHECK (labour_sector IN ('Agriculture',
	    'Aquafarming', 'Begging', 'Construction', 'DomesticWork',
	    'Hospitality', 'IllicitActivities', 'Manufacturing',
	    'MiningOrDrilling', 'Peddling', 'Transportation', 'Other')),
	ADD COLUMN country_of_exploitation text CHECK (country_of_exploitation
	    ~ '^[A-Z]{2}$'),
	ADD COLUMN consent_assistance boolean,
	ADD COLUMN consent_method text CHECK (consent_method IN ('signed',
	    'verbal_witnessed')),
	ADD COLUMN plan_type text CHECK (plan_type IN ('shelter', 'medical',
	    'psychosocial', 'legal', 'economic', 'education',
	    'family_reunification', 'other')),
	ADD COLUMN planned_end_date date,
	ADD COLUMN support_budget numeric(12,2) CHECK (support_budget >= 0),
	ADD COLUMN support_currency text CHECK (support_currency IN ('BAM',
	    'RSD', 'EUR', 'USD', 'CHF', 'GBP', 'AFN', 'BDT', 'DZD', 'EGP', 'ILS',
	    'IQD', 'IRR', 'LYD', 'MAD', 'PKR', 'SOS', 'SYP', 'TND', 'TRY')),
	ADD COLUMN durable_solution text CHECK (durable_solution IN
	    ('local_integration', 'voluntary_return', 'resettlement'));
CREATE TABLE approvals (
	id		uuid PRIMARY KEY,
	case_id		uuid NOT NULL REFERENCES cases(id),
	kind		text NOT NULL CHECK (kind IN ('return',
			    'reintegration_plan', 'support_plan', 'closure',
			    'reopening')),
	from_state	text NOT NULL,
	to_state	text NOT NULL,
	pending_state	text NOT NULL,
	-- The transition that made the request, and its facts, applied to
	-- the case only when approved.
	request_tid	uuid NOT NULL,
	facts		jsonb NOT NULL DEFAULT '{}',
	office		text NOT NULL,
	requested_by	uuid NOT NULL REFERENCES users(id),
	requested_at	timestamptz NOT NULL DEFAULT now(),
	status		text NOT NULL DEFAULT 'pending' CHECK (status IN
			    ('pending', 'approved', 'rejected', 'cancelled')),
	decided_by	uuid REFERENCES users(id),
	decided_at	timestamptz,
	decision_tid	uuid,
	-- E2, sealed with the case key, bound to the approval's id.
	comment		bytea,
	CHECK (decided_by IS NULL OR decided_by <> requested_by),
	CHECK ((status = 'pending') = (decided_at IS NULL)),
	CHECK ((status IN ('approved', 'rejected')) =
	    (decided_by IS NOT NULL))
);
-- One request at a time per case.
CREATE UNIQUE INDEX approvals_one_pending ON approvals (case_id)
    WHERE status = 'pending';
CREATE INDEX approvals_pending_office ON approvals (office, requested_at)
    WHERE status = 'pending';
CREATE INDEX approvals_case ON approvals (case_id, requested_at);

-- Decisions are final, and only a supervisor of the case's office who
-- did not ask decides: whatever function or role writes the row.
CREATE FUNCTION approvals_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = cb, pg_temp AS $$
DECLARE
	u	record;
BEGIN
	IF TG_OP = 'DELETE' THEN
		RAISE EXCEPTION 'approvals are never deleted';
	END IF;
	IF OLD.status <> 'pending' THEN
		RAISE EXCEPTION 'approval % is already %', OLD.id, OLD.status;
	END IF;
	IF NEW.id <> OLD.id OR NEW.case_id <> OLD.case_id OR
	    NEW.kind <> OLD.kind OR NEW.from_state <> OLD.from_state OR
	    NEW.to_state <> OLD.to_state OR
	    NEW.pending_state <> OLD.pending_state OR
	    NEW.request_tid <> OLD.request_tid OR NEW.facts <> OLD.facts OR
	    NEW.office <> OLD.office OR NEW.requested_by <> OLD.requested_by
	    OR NEW.requested_at <> OLD.requested_at THEN
		RAISE EXCEPTION 'only the decision of an approval changes';
	END IF;
	IF NEW.status IN ('approved', 'rejected') THEN
		SELECT role, office, disabled INTO u FROM users
		WHERE id = NEW.decided_by;
		IF NOT FOUND OR u.role <> 'supervisor' OR u.disabled OR
		    u.office <> OLD.office THEN
			RAISE EXCEPTION 'only a supervisor of office % decides',
			    OLD.office;
		END IF;
	END IF;
	RETURN NEW;
END
$$;
CREATE TRIGGER approvals_guard BEFORE UPDATE OR DELETE ON approvals
    FOR EACH ROW EXECUTE FUNCTION approvals_guard();

ALTER TABLE cases ADD COLUMN pending_approval uuid REFERENCES approvals(id);

ALTER TABLE case_transitions
	ADD COLUMN facts jsonb,
	ADD COLUMN approval_id uuid REFERENCES approvals(id);

ALTER TABLE case_links
	ADD COLUMN created_by uuid REFERENCES users(id);

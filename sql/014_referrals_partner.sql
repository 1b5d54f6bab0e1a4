-- Referrals, the partner's side (issue 7, section 2): what the database
-- holds whoever writes, beyond sql/012_referrals.sql.
--   * A partner answers a referral once: sent -> accepted | declined;
--     the case team may close it (from sent, accepted or declined);
--     a closed referral stays closed. The answer (when, by whom, the
--     sealed reason) is never rewritten.
--   * Service updates go to accepted referrals only; their service is
--     an assistance type (the codes of src/domain/assistance.c;
--     tests/e2e/test_referrals_partner.py writes each through the API)
--     and their date is not after the day they were recorded (UTC).
-- The web role still has no privilege on these tables: it goes through
-- referral_inbox(), referral_package(), referral_key(),
-- referral_respond() and referral_update_add() (sql/fn/).
SET search_path = cb;

ALTER TABLE referrals ADD CONSTRAINT referrals_response_answered CHECK
    ((response_reason IS NULL AND responded_by IS NULL) OR
    responded_at IS NOT NULL);

ALTER TABLE referral_updates ADD CONSTRAINT referral_updates_service CHECK
    (service IN ('counselling', 'medical', 'shelter', 'legal',
    'psychosocial', 'travel_document', 'ticket', 'escort', 'reception',
    'cash_grant', 'in_kind_grant', 'business_start_up_grant',
    'vocational_training', 'education', 'housing'));
ALTER TABLE referral_updates ADD CONSTRAINT referral_updates_not_future
    CHECK (update_date <= (created_at AT TIME ZONE 'UTC')::date);
ALTER TABLE referral_updates ADD CONSTRAINT referral_updates_idem_pair CHECK
    ((idem_key IS NULL) = (req_hash IS NULL));
CREATE INDEX referral_updates_order ON referral_updates (referral_id,
    update_date, created_at, id);

-- The answer is given once and kept as given.
CREATE FUNCTION referrals_answer_once() RETURNS trigger
LANGUAGE plpgsql SET search_path = cb, pg_temp AS $$
BEGIN
	IF NEW.status IS DISTINCT FROM OLD.status AND NOT (
	    (OLD.status = 'sent' AND NEW.status IN ('accepted', 'declined',
	    'closed')) OR
	    (OLD.status IN ('accepted', 'declined') AND
	    NEW.status = 'closed')) THEN
		RAISE EXCEPTION 'referral % cannot go from % to %', OLD.id,
		    OLD.status, NEW.status;
	END IF;
	IF OLD.responded_at IS NOT NULL AND
	    (NEW.responded_at, NEW.responded_by, NEW.response_reason)
	    IS DISTINCT FROM
	    (OLD.responded_at, OLD.responded_by, OLD.response_reason) THEN
		RAISE EXCEPTION 'the answer to referral % is given already',
		    OLD.id;
	END IF;
	RETURN NEW;
END
$$;
CREATE TRIGGER referrals_answer_once BEFORE UPDATE ON referrals
    FOR EACH ROW EXECUTE FUNCTION referrals_answer_once();

-- Services are reported on a referral the partner has taken on.
CREATE FUNCTION referral_updates_accepted() RETURNS trigger
LANGUAGE plpgsql SET search_path = cb, pg_temp AS $$
BEGIN
	IF NOT EXISTS (SELECT 1 FROM referrals r WHERE r.id = NEW.referral_id
	    AND r.status = 'accepted') THEN
		RAISE EXCEPTION 'referral % is not accepted', NEW.referral_id;
	END IF;
	RETURN NEW;
END
$$;
CREATE TRIGGER referral_updates_accepted BEFORE INSERT ON referral_updates
    FOR EACH ROW EXECUTE FUNCTION referral_updates_accepted();

-- What was reported stays as reported.
CREATE FUNCTION referral_updates_kept_as_is() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'referral updates are never changed';
END
$$;
CREATE TRIGGER referral_updates_unchanged BEFORE UPDATE ON referral_updates
    FOR EACH ROW EXECUTE FUNCTION referral_updates_kept_as_is();

-- Referrals, the case team's side (issue: referrals). The case team
-- closes a referral it no longer follows: when and by whom is kept, as
-- the history shows every step. A referral's status only moves forward:
-- sent -> accepted | declined (the partner's answer, once) -> closed,
-- or sent -> closed; what it was sent with never changes.
SET search_path = cb;

-- answer keeps the partner's answer once a closing has replaced the
-- status: the history shows both. Set by the trigger below, whoever
-- answers.
ALTER TABLE referrals ADD COLUMN closed_at timestamptz,
    ADD COLUMN closed_by uuid REFERENCES users(id),
    ADD COLUMN answer text CHECK (answer IN ('accepted', 'declined'));

-- 012 tied "answered" to the two answer statuses; a closed referral may
-- have been answered before it was closed, or not.
DO $$
DECLARE
	n	text;
BEGIN
	FOR n IN SELECT conname FROM pg_constraint
	    WHERE conrelid = 'cb.referrals'::regclass AND contype = 'c'
	    AND pg_get_constraintdef(oid) LIKE '%responded_at%'
	LOOP
		EXECUTE format('ALTER TABLE cb.referrals DROP CONSTRAINT %I', n);
	END LOOP;
END
$$;

ALTER TABLE referrals
    ADD CONSTRAINT referrals_answered CHECK (CASE status
	WHEN 'sent' THEN responded_at IS NULL
	WHEN 'closed' THEN true
	ELSE responded_at IS NOT NULL END
	AND (responded_at IS NULL) = (responded_by IS NULL)
	AND (responded_at IS NULL) = (answer IS NULL)),
    ADD CONSTRAINT referrals_closed CHECK ((status = 'closed') =
	(closed_at IS NOT NULL) AND (closed_at IS NULL) = (closed_by IS NULL));

CREATE FUNCTION referrals_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = cb, pg_temp AS $$
BEGIN
	IF OLD.status = 'closed' THEN
		RAISE EXCEPTION 'referral % is closed', OLD.id;
	END IF;
	IF OLD.status <> 'sent' AND NEW.status NOT IN (OLD.status, 'closed')
	    THEN
		RAISE EXCEPTION 'a referral is answered once';
	END IF;
	IF (NEW.id, NEW.case_id, NEW.consent_id, NEW.organisation_id,
	    NEW.reason, NEW.services, NEW.categories, NEW.note, NEW.created_by,
	    NEW.created_at) IS DISTINCT FROM (OLD.id, OLD.case_id,
	    OLD.consent_id, OLD.organisation_id, OLD.reason, OLD.services,
	    OLD.categories, OLD.note, OLD.created_by, OLD.created_at) THEN
		RAISE EXCEPTION 'what a referral was sent with never changes';
	END IF;
	IF OLD.status = 'sent' AND NEW.status IN ('accepted', 'declined') THEN
		NEW.answer := NEW.status;
	ELSIF NEW.answer IS DISTINCT FROM OLD.answer THEN
		RAISE EXCEPTION 'a referral is answered once';
	END IF;
	RETURN NEW;
END
$$;
CREATE TRIGGER referrals_guard BEFORE UPDATE ON referrals
    FOR EACH ROW EXECUTE FUNCTION referrals_guard();

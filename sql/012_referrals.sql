-- Referrals to partner organisations under consent (issue: referrals).
-- IOM data protection principle 5: data goes to a third party only with
-- the person's explicit consent, for a specified purpose. So:
--   * a consent names the case (and so the person), the recipient
--     organisation, the purpose (sealed), the data categories it covers,
--     a validity window, how it was given and in which language; it can
--     be withdrawn (with a sealed reason), never edited or deleted;
--   * a referral needs an active consent naming its organisation; what
--     the partner reads is computed when it reads it (package), so a
--     withdrawn or expired consent stops the sharing at once;
--   * the partner answers (accept/decline with a sealed reason) and
--     reports services delivered (sealed notes).
-- Free text is sealed by the application with the case's key, bound to
-- the row and column. The web role has no privilege on these tables.
SET search_path = cb;

CREATE TABLE consents (
	id		uuid PRIMARY KEY,
	case_id		uuid NOT NULL REFERENCES cases(id),
	organisation_id	uuid NOT NULL REFERENCES organisations(id),
	purpose		bytea NOT NULL,		-- E2, sealed
	categories	text[] NOT NULL CHECK (cardinality(categories) >= 1 AND
			    categories <@ ARRAY['identity', 'contact',
			    'documents', 'health', 'case_summary',
			    'narrative']),
	valid_from	date NOT NULL,
	valid_until	date NOT NULL,
	method		text NOT NULL CHECK (method IN ('signed',
			    'verbal_witnessed')),
	language	text NOT NULL CHECK (length(language) BETWEEN 2 AND 8),
	created_by	uuid NOT NULL REFERENCES users(id),
	created_at	timestamptz NOT NULL DEFAULT now(),
	withdrawn_at	timestamptz,
	withdrawn_by	uuid REFERENCES users(id),
	withdrawal_reason bytea,		-- E2, sealed
	idem_key	text CHECK (length(idem_key) BETWEEN 1 AND 160),
	req_hash	bytea CHECK (octet_length(req_hash) = 32),
	CHECK (valid_until >= valid_from),
	CHECK ((withdrawn_at IS NULL) = (withdrawn_by IS NULL))
);
CREATE INDEX consents_case ON consents (case_id, created_at);
CREATE UNIQUE INDEX consents_idem ON consents (created_by, idem_key)
    WHERE idem_key IS NOT NULL;

CREATE TABLE referrals (
	id		uuid PRIMARY KEY,
	case_id		uuid NOT NULL REFERENCES cases(id),
	consent_id	uuid NOT NULL REFERENCES consents(id),
	organisation_id	uuid NOT NULL REFERENCES organisations(id),
	reason		text NOT NULL CHECK (reason IN
			    ('AdditionalServicesRequired',
			    'MigrationOrChangeOfLocation', 'Other')),
	services	text[] NOT NULL DEFAULT '{}',
	-- The categories the package carries: what the reason and the
	-- services need, all covered by the consent when sent.
	categories	text[] NOT NULL CHECK (categories <@ ARRAY['identity',
			    'contact', 'documents', 'health', 'case_summary',
			    'narrative']),
	note		bytea,			-- E2, sealed
	status		text NOT NULL DEFAULT 'sent' CHECK (status IN ('sent',
			    'accepted', 'declined', 'closed')),
	response_reason	bytea,			-- E2, sealed
	responded_at	timestamptz,
	responded_by	uuid REFERENCES users(id),
	created_by	uuid NOT NULL REFERENCES users(id),
	created_at	timestamptz NOT NULL DEFAULT now(),
	version		integer NOT NULL DEFAULT 1,
	idem_key	text CHECK (length(idem_key) BETWEEN 1 AND 160),
	req_hash	bytea CHECK (octet_length(req_hash) = 32),
	CHECK ((status IN ('accepted', 'declined')) = (responded_at IS NOT NULL))
);
CREATE INDEX referrals_org ON referrals (organisation_id, created_at DESC);
CREATE INDEX referrals_case ON referrals (case_id, created_at);
CREATE UNIQUE INDEX referrals_idem ON referrals (created_by, idem_key)
    WHERE idem_key IS NOT NULL;

-- A referral goes to the organisation its consent names, whoever writes.
CREATE FUNCTION referrals_consent_org() RETURNS trigger
LANGUAGE plpgsql SET search_path = cb, pg_temp AS $$
BEGIN
	IF NOT EXISTS (SELECT 1 FROM consents c WHERE c.id = NEW.consent_id
	    AND c.organisation_id = NEW.organisation_id
	    AND c.case_id = NEW.case_id) THEN
		RAISE EXCEPTION 'a referral goes to the organisation and case '
		    'of its consent';
	END IF;
	RETURN NEW;
END
$$;
CREATE TRIGGER referrals_consent_org BEFORE INSERT OR UPDATE ON referrals
    FOR EACH ROW EXECUTE FUNCTION referrals_consent_org();

CREATE TABLE referral_updates (
	id		uuid PRIMARY KEY,
	referral_id	uuid NOT NULL REFERENCES referrals(id),
	service		text NOT NULL,
	status		text NOT NULL CHECK (status IN ('planned', 'delivered',
			    'not_delivered')),
	update_date	date NOT NULL,
	note		bytea,			-- E2, sealed
	created_by	uuid NOT NULL REFERENCES users(id),
	created_at	timestamptz NOT NULL DEFAULT now(),
	idem_key	text CHECK (length(idem_key) BETWEEN 1 AND 160),
	req_hash	bytea CHECK (octet_length(req_hash) = 32)
);
CREATE INDEX referral_updates_ref ON referral_updates (referral_id,
    created_at);
CREATE UNIQUE INDEX referral_updates_idem ON referral_updates (created_by,
    idem_key) WHERE idem_key IS NOT NULL;

-- Consents and referrals are records of what was agreed and done:
-- never deleted; a consent only ever gains its withdrawal.
CREATE FUNCTION consents_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = cb, pg_temp AS $$
BEGIN
	IF TG_OP = 'DELETE' THEN
		RAISE EXCEPTION 'consents are never deleted';
	END IF;
	IF OLD.withdrawn_at IS NOT NULL THEN
		RAISE EXCEPTION 'consent % is withdrawn already', OLD.id;
	END IF;
	IF (NEW.id, NEW.case_id, NEW.organisation_id, NEW.purpose,
	    NEW.categories, NEW.valid_from, NEW.valid_until, NEW.method,
	    NEW.language, NEW.created_by, NEW.created_at) IS DISTINCT FROM
	    (OLD.id, OLD.case_id, OLD.organisation_id, OLD.purpose,
	    OLD.categories, OLD.valid_from, OLD.valid_until, OLD.method,
	    OLD.language, OLD.created_by, OLD.created_at) THEN
		RAISE EXCEPTION 'a consent is only ever withdrawn';
	END IF;
	RETURN NEW;
END
$$;
CREATE TRIGGER consents_guard BEFORE UPDATE OR DELETE ON consents
    FOR EACH ROW EXECUTE FUNCTION consents_guard();

CREATE FUNCTION never_deleted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION '% rows are never deleted', TG_TABLE_NAME;
END
$$;
CREATE TRIGGER referrals_kept BEFORE DELETE ON referrals
    FOR EACH ROW EXECUTE FUNCTION never_deleted();
CREATE TRIGGER referral_updates_kept BEFORE DELETE ON referral_updates
    FOR EACH ROW EXECUTE FUNCTION never_deleted();

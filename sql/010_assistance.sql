-- Assistance entries of a case, and the record of every reassignment
-- (issue 6, sections 3 and 4). The web role gets no privilege on
-- either table: it writes and reads them through assistance_add(),
-- assistance_list() and case_assign() (sql/fn/), which check the
-- session and the case's visibility and write the audit entry.
SET search_path = cb;

-- One entry of assistance given. type, currency and amount_band are
-- category codes (Q) for statistics; the note is free text (E2, medical
-- detail included) sealed by the application with the case's data key
-- and bound to assistance|note|id|key version, so a note copied to
-- another entry does not open. The codes are src/domain/assistance.c's;
-- tests/e2e/test_assistance.py writes every one of them through the API.
CREATE TABLE assistance (
	id		uuid PRIMARY KEY,
	case_id		uuid NOT NULL REFERENCES cases(id),
	type		text NOT NULL CHECK (type IN ('counselling', 'medical',
			    'shelter', 'legal', 'psychosocial',
			    'travel_document', 'ticket', 'escort', 'reception',
			    'cash_grant', 'in_kind_grant',
			    'business_start_up_grant', 'vocational_training',
			    'education', 'housing')),
	assisted_on	date NOT NULL,
	amount		numeric(12,2) CHECK (amount > 0),
	currency	text CHECK (currency IN ('BAM', 'RSD', 'EUR', 'USD',
			    'CHF', 'GBP', 'AFN', 'BDT', 'DZD', 'EGP', 'ILS',
			    'IQD', 'IRR', 'LYD', 'MAD', 'PKR', 'SOS', 'SYP',
			    'TND', 'TRY')),
	-- Rough value in euros, derived at write time (bands of 2025-01).
	amount_band	text CHECK (amount_band IN ('0-49', '50-199',
			    '200-499', '500-999', '1000-2499', '2500-4999',
			    '5000+')),
	provider	text CHECK (length(provider) BETWEEN 1 AND 200),
	note		bytea,
	created_by	uuid NOT NULL REFERENCES users(id),
	created_at	timestamptz NOT NULL DEFAULT now(),
	-- Idempotency-Key (or a form's one-time token) of the request that
	-- wrote it, per user, and the keyed digest of that request, so a
	-- replay answers with this entry and a reuse is told apart.
	idem_key	text CHECK (length(idem_key) BETWEEN 1 AND 160),
	req_hash	bytea CHECK (octet_length(req_hash) = 32),
	UNIQUE (created_by, idem_key),
	CHECK ((idem_key IS NULL) = (req_hash IS NULL)),
	-- Money only for the grants, and then all of it.
	CHECK ((type IN ('cash_grant', 'in_kind_grant',
	    'business_start_up_grant')) = (amount IS NOT NULL)),
	CHECK ((amount IS NULL) = (currency IS NULL) AND
	    (amount IS NULL) = (amount_band IS NULL))
);
CREATE INDEX assistance_case ON assistance (case_id, assisted_on DESC,
    created_at DESC, id DESC);

-- Every reassignment, for the case's history.
CREATE TABLE case_assignments (
	id		bigserial PRIMARY KEY,
	case_id		uuid NOT NULL REFERENCES cases(id),
	from_user	uuid NOT NULL REFERENCES users(id),
	to_user		uuid NOT NULL REFERENCES users(id),
	actor		uuid NOT NULL REFERENCES users(id),
	at		timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_assignments_case ON case_assignments (case_id, id);

REVOKE ALL ON assistance, case_assignments FROM PUBLIC, casebook_app;
REVOKE ALL ON SEQUENCE case_assignments_id_seq FROM PUBLIC, casebook_app;

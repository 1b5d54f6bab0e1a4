-- Reintegration monitoring surveys (domain.md section 6): several per
-- AVRR case (a baseline, then follow-ups). The raw answers and the note
-- are E2: one ciphertext sealed by the application with the case's data
-- key and bound to the survey's id (surveys|answers|id|seal version).
-- The scores are Q: plain numbers on [0, 1], rounded to four decimals,
-- for statistics; each survey keeps the scheme version it was scored
-- with (src/domain/vocab/rss.c). A dimension without a scored answer
-- has no score, and then neither has the composite (domain/score.h).
-- Owned by casebook_owner; the web role reaches it only through
-- survey_add() and survey_list() (sql/fn/).
SET search_path = cb;

CREATE TABLE surveys (
	id		uuid PRIMARY KEY,
	case_id		uuid NOT NULL REFERENCES cases(id),
	kind		text NOT NULL
			    CHECK (kind IN ('baseline', 'follow_up')),
	survey_date	date NOT NULL
			    CHECK (survey_date >= date '1900-01-01'),
	scheme_version	integer NOT NULL CHECK (scheme_version >= 1),
	economic	numeric(5,4) CHECK (economic BETWEEN 0 AND 1),
	social		numeric(5,4) CHECK (social BETWEEN 0 AND 1),
	psychosocial	numeric(5,4)
			    CHECK (psychosocial BETWEEN 0 AND 1),
	composite	numeric(5,4) CHECK (composite BETWEEN 0 AND 1),
	-- E2, sealed: nonce, ciphertext and tag of a JSON object.
	answers		bytea NOT NULL
			    CHECK (octet_length(answers) > 40),
	created_by	uuid NOT NULL REFERENCES users(id),
	created_at	timestamptz NOT NULL DEFAULT now(),
	-- A create call's Idempotency-Key (or a form's one-time token) and
	-- the keyed digest of its request: the same key from the same user
	-- replays this survey.
	idem_key	text CHECK (length(idem_key) BETWEEN 1 AND 160),
	request_hash	bytea CHECK (octet_length(request_hash) = 32),
	CHECK ((idem_key IS NULL) = (request_hash IS NULL)),
	-- The composite exists exactly when all three dimensions do.
	CHECK ((composite IS NULL) =
	    (economic IS NULL OR social IS NULL OR psychosocial IS NULL))
);
CREATE INDEX surveys_case ON surveys (case_id, survey_date, created_at);
CREATE UNIQUE INDEX surveys_idem ON surveys (created_by, idem_key)
    WHERE idem_key IS NOT NULL;

REVOKE ALL ON surveys FROM PUBLIC;

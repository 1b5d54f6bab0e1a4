-- casebook schema, applied by scripts/db.sh as the owner role.
-- Personal identifiers (E1) and sensitive text (E2) are stored only as
-- XChaCha20-Poly1305 ciphertext (bytea) sealed in the application;
-- equality search goes through keyed blind indexes (bytea, 32 bytes).
-- Q columns are category codes; P columns are process data.

CREATE SCHEMA cb;
SET search_path = cb;

CREATE TABLE organisations (
	id		uuid PRIMARY KEY,
	name		text NOT NULL UNIQUE
			    CHECK (length(name) BETWEEN 1 AND 200),
	type		text NOT NULL CHECK (type IN ('NGO', 'LawEnforcement',
			    'HealthServiceOrganisation',
			    'CentralGovernmentOrganisation',
			    'LocalGovernmentOrganisation', 'ImmigrationService',
			    'LegalService', 'CorporateBusiness')),
	country		text NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
	created_at	timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
	id		uuid PRIMARY KEY,
	username	text NOT NULL UNIQUE
			    CHECK (username ~ '^[a-z0-9][a-z0-9._-]{0,63}$'),
	pw_hash		text NOT NULL,
	role		text NOT NULL CHECK (role IN ('caseworker',
			    'supervisor', 'partner', 'auditor', 'admin')),
	office		text NOT NULL DEFAULT ''
			    CHECK (length(office) <= 64),
	organisation_id	uuid REFERENCES organisations(id),
	disabled	boolean NOT NULL DEFAULT false,
	version		integer NOT NULL DEFAULT 1,
	created_at	timestamptz NOT NULL DEFAULT now(),
	CHECK (role <> 'partner' OR organisation_id IS NOT NULL)
);

-- Failed logins by keyed hash of the username typed, whether or not
-- such a user exists, so the lock-out reveals nothing.
CREATE TABLE login_failures (
	uhash		bytea PRIMARY KEY,
	failures	integer NOT NULL,
	last_failure	timestamptz NOT NULL,
	locked_until	timestamptz
);

-- Only the keyed hash of a session token is stored.
CREATE TABLE sessions (
	token_hash	bytea PRIMARY KEY CHECK (octet_length(token_hash) = 32),
	user_id		uuid NOT NULL REFERENCES users(id),
	created_at	timestamptz NOT NULL DEFAULT now(),
	last_seen	timestamptz NOT NULL DEFAULT now(),
	expires_at	timestamptz NOT NULL,
	revoked_at	timestamptz
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Per-owner data keys, wrapped by the key-encryption key of
-- key_version. Destroying one makes its owner's fields unreadable.
CREATE TABLE data_keys (
	id		uuid PRIMARY KEY,
	key_version	integer NOT NULL,
	wrapped		bytea,
	created_at	timestamptz NOT NULL DEFAULT now(),
	destroyed_at	timestamptz,
	CHECK ((wrapped IS NULL) = (destroyed_at IS NOT NULL))
);

CREATE TABLE persons (
	id			uuid PRIMARY KEY,
	key_id			uuid NOT NULL UNIQUE REFERENCES data_keys(id),
	consent_data_processing	boolean NOT NULL,
	consent_at		timestamptz,
	-- E1, sealed
	given_name		bytea,
	family_name		bytea,
	name_original_script	bytea,
	date_of_birth		bytea,
	phone			bytea,
	document_number		bytea,
	-- blind indexes
	doc_bidx		bytea,
	name_dob_bidx		bytea,
	-- Q
	gender			text,
	citizenship		text CHECK (citizenship ~ '^[A-Z]{2}$'),
	age_band		text CHECK (age_band IN ('0-8', '9-17',
				    '18-20', '21-23', '24-26', '27-29',
				    '30-38', '39-47', '48+')),
	languages		text[] NOT NULL DEFAULT '{}',
	created_by		uuid NOT NULL REFERENCES users(id),
	created_at		timestamptz NOT NULL DEFAULT now(),
	version			integer NOT NULL DEFAULT 1,
	-- No personal data before consent (domain.md 2, intake).
	CHECK (consent_data_processing OR (given_name IS NULL AND
	    family_name IS NULL AND name_original_script IS NULL AND
	    date_of_birth IS NULL AND phone IS NULL AND
	    document_number IS NULL AND gender IS NULL AND
	    citizenship IS NULL AND languages = '{}'))
);
CREATE INDEX persons_doc_bidx ON persons (doc_bidx)
    WHERE doc_bidx IS NOT NULL;
CREATE INDEX persons_name_dob_bidx ON persons (name_dob_bidx)
    WHERE name_dob_bidx IS NOT NULL;

CREATE TABLE cases (
	id			uuid PRIMARY KEY,
	person_id		uuid NOT NULL REFERENCES persons(id),
	key_id			uuid NOT NULL UNIQUE REFERENCES data_keys(id),
	case_type		text NOT NULL CHECK (case_type IN ('AVRR', 'CT')),
	state			text NOT NULL,
	stage			text NOT NULL CHECK (stage IN ('intake',
				    'screening', 'referral', 'return',
				    'reintegration', 'closed')),
	htcds_status		text NOT NULL CHECK (htcds_status IN
				    ('Active', 'FollowUp', 'Closed',
				    'ClosedReferred')),
	office			text NOT NULL CHECK (length(office) <= 64),
	assigned_to		uuid NOT NULL REFERENCES users(id),
	created_by		uuid NOT NULL REFERENCES users(id),
	registration_year	integer NOT NULL,
	-- E2, sealed
	location		bytea,
	version			integer NOT NULL DEFAULT 1,
	created_at		timestamptz NOT NULL DEFAULT now(),
	updated_at		timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cases_assigned ON cases (assigned_to, created_at DESC);
CREATE INDEX cases_office ON cases (office, created_at DESC);
CREATE INDEX cases_person ON cases (person_id);

CREATE TABLE case_links (
	case_id		uuid NOT NULL REFERENCES cases(id),
	linked_case_id	uuid NOT NULL REFERENCES cases(id),
	created_at	timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (case_id, linked_case_id)
);

-- Every change of state: actor, role, from, to, time (domain.md 2).
CREATE TABLE case_transitions (
	id		bigserial PRIMARY KEY,
	case_id		uuid NOT NULL REFERENCES cases(id),
	from_state	text,
	to_state	text NOT NULL,
	actor		uuid NOT NULL REFERENCES users(id),
	actor_role	text NOT NULL,
	reason		bytea,		-- E2, sealed
	data		bytea,		-- E2, sealed JSON of the fields
	at		timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_transitions_case ON case_transitions (case_id, id);

-- Replays of create calls: the same key from the same user returns the
-- first result; request_hash tells a reused key with another body.
CREATE TABLE idempotency (
	user_id		uuid NOT NULL REFERENCES users(id),
	key		text NOT NULL CHECK (length(key) BETWEEN 1 AND 128),
	request_hash	bytea NOT NULL,
	case_id		uuid NOT NULL,
	created_at	timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (user_id, key)
);

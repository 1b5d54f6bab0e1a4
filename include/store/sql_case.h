/*
 * sql_case: the statements of the case resource, one per request step,
 * each doing as much as it can in a single round trip.
 */
#ifndef CB_SQL_CASE_H
#define CB_SQL_CASE_H

#define CB_TS(col)	"to_char(" col " AT TIME ZONE 'UTC', "		\
			"'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"

/* Session + case + keys in one round trip: sql/007_read_functions.sql. */
#define CB_SQL_CASE_VIEW	"SELECT * FROM case_view($1, $2::uuid)"

#define CB_SQL_CASE_COLS						\
	"c.id, c.case_type, c.state, c.stage, c.htcds_status, "	\
	"c.version, c.office, c.assigned_to, c.created_by, "		\
	CB_TS("c.created_at") ", " CB_TS("c.updated_at") ", "		\
	"c.created_at::text"

#define CB_SQL_CASE_LIST						\
	"SELECT " CB_SQL_CASE_COLS " FROM cases c "			\
	"WHERE case_visible($1::uuid, $2, $3, c.office, c.assigned_to) " \
	"AND ($4::text IS NULL OR c.case_type = $4) "			\
	"AND ($5::text IS NULL OR c.stage = $5) "			\
	"AND ($6::text IS NULL OR c.state = $6) "			\
	"AND ($7::uuid IS NULL OR c.assigned_to = $7) "		\
	"AND ($8::timestamptz IS NULL OR "				\
	"(c.created_at, c.id) < ($8::timestamptz, $9::uuid)) "		\
	"ORDER BY c.created_at DESC, c.id DESC LIMIT $10::int"

#define CB_SQL_CASE_SEARCH						\
	"SELECT " CB_SQL_CASE_COLS " FROM persons p "			\
	"JOIN cases c ON c.person_id = p.id "				\
	"WHERE (($4::bytea IS NOT NULL AND p.doc_bidx = $4) "		\
	"OR ($5::bytea IS NOT NULL AND p.name_dob_bidx = $5)) "	\
	"AND case_visible($1::uuid, $2, $3, c.office, c.assigned_to) " \
	"ORDER BY c.created_at DESC, c.id DESC LIMIT 100"

#define CB_SQL_CASE_CREATE						\
	"WITH idem AS (INSERT INTO idempotency "			\
	"(user_id, key, request_hash, case_id) "			\
	"SELECT $1, $2, $3, $4 WHERE $2::text IS NOT NULL "		\
	"ON CONFLICT DO NOTHING RETURNING case_id), "			\
	"go AS (SELECT $4::uuid AS id WHERE $2::text IS NULL "		\
	"UNION ALL SELECT case_id FROM idem), "			\
	"pk AS (INSERT INTO data_keys (id, key_version, wrapped) "	\
	"SELECT $5, $6, $7 FROM go RETURNING id), "			\
	"ck AS (INSERT INTO data_keys (id, key_version, wrapped) "	\
	"SELECT $8, $6, $9 FROM go RETURNING id), "			\
	"p AS (INSERT INTO persons (id, key_id, "			\
	"consent_data_processing, consent_at, given_name, family_name, " \
	"name_original_script, date_of_birth, phone, document_number, " \
	"doc_bidx, name_dob_bidx, gender, citizenship, age_band, "	\
	"languages, created_by) SELECT $10, pk.id, $11, "		\
	"CASE WHEN $11::boolean THEN now() END, $12, $13, $14, $15, "	\
	"$16, $17, $18, $19, $20, $21, $22, "				\
	"coalesce(string_to_array($23, ','), '{}'), $1 FROM pk "	\
	"RETURNING id), "						\
	"c AS (INSERT INTO cases (id, person_id, key_id, case_type, "	\
	"state, stage, htcds_status, office, assigned_to, created_by, " \
	"registration_year, location) SELECT $4, p.id, ck.id, $24, "	\
	"$25, $26, $27, $28, $1, $1, $29, $30 FROM p, ck "		\
	"RETURNING id, version, created_at, updated_at), "		\
	"t AS (INSERT INTO case_transitions (case_id, from_state, "	\
	"to_state, actor, actor_role) SELECT id, NULL, $25, $1, $31 "	\
	"FROM c) "							\
	"SELECT c.id, c.version, " CB_TS("c.created_at") ", "		\
	CB_TS("c.updated_at") ", audit_append($1, $31, 'case.create', " \
	"c.id, $33, $32, 'ok', true) FROM c"

#define CB_SQL_CASE_REPLAY						\
	"SELECT case_id, request_hash = $3 FROM idempotency "		\
	"WHERE user_id = $1 AND key = $2"

#define CB_SQL_CASE_META						\
	"SELECT c.case_type, c.state, c.version, c.office, "		\
	"c.assigned_to, c.created_by, k.key_version, k.wrapped, "	\
	"p.consent_data_processing "					\
	"FROM cases c JOIN data_keys k ON k.id = c.key_id "		\
	"JOIN persons p ON p.id = c.person_id "			\
	"WHERE c.id = $1::uuid"

#define CB_SQL_CASE_TRANSITION						\
	"WITH u AS (UPDATE cases SET state = $3, stage = $4, "		\
	"htcds_status = $5, version = version + 1, updated_at = now() " \
	"WHERE id = $1::uuid AND version = $2::int AND state = $6 "	\
	"RETURNING id), "						\
	"t AS (INSERT INTO case_transitions (case_id, from_state, "	\
	"to_state, actor, actor_role, reason, data) "		\
	"SELECT id, $6, $3, $7, $8, $10, $11 FROM u) "			\
	"SELECT audit_append($7, $8, 'case.transition', u.id, $12, $9, " \
	"'ok', true) FROM u"

#endif

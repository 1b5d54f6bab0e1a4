-- Everything that happened to one case, unordered (the callers order by
-- at, ord): transitions (and the requests and decisions among them),
-- links, assistance, reassignments, surveys, consents, referrals and
-- their updates, with who did it; sealed values as stored. See
-- case_history.sql for what each column holds per kind. Plain SQL
-- without SET or SECURITY DEFINER, so that the planner inlines it into
-- its callers (case_history, and case_view for the case page).
-- Each part names its actor and organisation by id, and one join names
-- them all: the executor sets up every node of this plan on every call,
-- whatever the case holds, and a join per part doubled that work (a
-- case page's history cost more than the case itself).
-- Internal: not granted to anyone.
DROP FUNCTION IF EXISTS case_events;
CREATE FUNCTION case_events(p_case uuid)
RETURNS TABLE (kind text, at timestamptz, ord bigint, username text,
    actor_role text, from_state text, to_state text, facts text, tid uuid,
    reason bytea, data bytea, ref uuid, code text, status text,
    sealed bytea, day text, amount text, currency text, provider text,
    scores text, event text, org text, until text, categories text,
    services text, parent uuid, version integer, method text,
    language text)
LANGUAGE sql STABLE AS $$
	SELECT h.kind, h.at, h.ord, u.username,
	    coalesce(h.own_role, u.role), h.from_state, h.to_state, h.facts,
	    h.tid, h.reason, h.data, h.ref, h.code, h.status, h.sealed,
	    h.day, h.amount, h.currency, h.provider, h.scores, h.event,
	    o.name, h.until, h.categories, h.services, h.parent, h.version,
	    h.method, h.language
	FROM (
	SELECT CASE WHEN t.tid = ap.request_tid THEN 'request'
	    WHEN t.tid = ap.decision_tid THEN 'decision'
	    ELSE 'transition' END AS kind, t.at, t.id AS ord,
	    t.actor AS who, t.actor_role AS own_role, t.from_state,
	    t.to_state, t.facts::text AS facts, t.tid, t.reason, t.data,
	    ap.id AS ref, ap.kind AS code, ap.status,
	    CASE WHEN t.tid = ap.decision_tid THEN ap.comment
	    END AS sealed, NULL::text AS day, NULL::text AS amount,
	    NULL::text AS currency, NULL::text AS provider,
	    NULL::text AS scores, NULL::text AS event,
	    NULL::uuid AS org_id, NULL::text AS until,
	    NULL::text AS categories, NULL::text AS services,
	    NULL::uuid AS parent, NULL::integer AS version,
	    NULL::text AS method, NULL::text AS language
	FROM cb.case_transitions t
	LEFT JOIN cb.approvals ap ON ap.id = t.approval_id
	WHERE t.case_id = p_case
	UNION ALL
	SELECT 'link', l.created_at, 0, l.created_by, NULL, NULL, NULL,
	    NULL, NULL, NULL, NULL, l.linked_case_id, lc.case_type,
	    lc.state, NULL, NULL, NULL, NULL, NULL, NULL,
	    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
	FROM cb.case_links l
	JOIN cb.cases lc ON lc.id = l.linked_case_id
	WHERE l.case_id = p_case
	UNION ALL
	SELECT 'assistance', a.created_at, 0, a.created_by, NULL, NULL,
	    NULL, NULL, NULL, NULL, NULL, a.id, a.type, NULL, a.note,
	    a.assisted_on::text, a.amount::text, a.currency, a.provider,
	    NULL,
	    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
	FROM cb.assistance a
	WHERE a.case_id = p_case
	UNION ALL
	SELECT 'assignment', x.at, x.id, x.actor, NULL,
	    fu.username, tu.username, NULL, NULL, NULL, NULL, NULL,
	    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
	    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
	FROM cb.case_assignments x
	JOIN cb.users fu ON fu.id = x.from_user
	JOIN cb.users tu ON tu.id = x.to_user
	WHERE x.case_id = p_case
	UNION ALL
	SELECT 'survey', sv.created_at, 0, sv.created_by, NULL, NULL,
	    NULL, NULL, NULL, NULL, NULL, sv.id, sv.kind,
	    sv.scheme_version::text, NULL, sv.survey_date::text, NULL,
	    NULL, NULL, concat(sv.economic, ',', sv.social, ',',
	    sv.psychosocial, ',', sv.composite),
	    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
	FROM cb.surveys sv
	WHERE sv.case_id = p_case
	UNION ALL
	SELECT 'consent', e.created_at, 0, e.created_by, NULL, NULL,
	    NULL, NULL, NULL, NULL, NULL, e.id, NULL,
	    CASE WHEN e.withdrawn_at IS NOT NULL THEN 'withdrawn' END,
	    e.purpose, e.valid_from::text, NULL, NULL, NULL, NULL,
	    'recorded', e.organisation_id, e.valid_until::text,
	    array_to_string(e.categories, ','), NULL, NULL, NULL,
	    e.method, e.language
	FROM cb.consents e
	WHERE e.case_id = p_case
	UNION ALL
	SELECT 'consent', e.withdrawn_at, 0, e.withdrawn_by, NULL, NULL,
	    NULL, NULL, NULL, NULL, NULL, e.id, NULL, NULL,
	    e.withdrawal_reason, NULL, NULL, NULL, NULL, NULL,
	    'withdrawn', e.organisation_id, NULL, NULL, NULL, NULL, NULL,
	    NULL, NULL
	FROM cb.consents e
	WHERE e.case_id = p_case AND e.withdrawn_at IS NOT NULL
	UNION ALL
	SELECT 'referral', r.created_at, 0, r.created_by, NULL, NULL,
	    NULL, NULL, NULL, NULL, NULL, r.id, r.reason, r.status,
	    r.note, NULL, NULL, NULL, NULL, NULL, 'sent', r.organisation_id,
	    NULL, array_to_string(r.categories, ','),
	    array_to_string(r.services, ','), r.consent_id, r.version,
	    NULL, NULL
	FROM cb.referrals r
	WHERE r.case_id = p_case
	UNION ALL
	SELECT 'referral', r.responded_at, 1, r.responded_by, NULL, NULL,
	    NULL, NULL, NULL, NULL, NULL, r.id, r.reason, r.answer,
	    r.response_reason, NULL, NULL, NULL, NULL, NULL, 'answered',
	    r.organisation_id, NULL, NULL, NULL, r.consent_id, NULL, NULL,
	    NULL
	FROM cb.referrals r
	WHERE r.case_id = p_case AND r.responded_at IS NOT NULL
	UNION ALL
	SELECT 'referral', r.closed_at, 2, r.closed_by, NULL, NULL,
	    NULL, NULL, NULL, NULL, NULL, r.id, r.reason, 'closed',
	    NULL, NULL, NULL, NULL, NULL, NULL, 'closed', r.organisation_id,
	    NULL, NULL, NULL, r.consent_id, NULL, NULL, NULL
	FROM cb.referrals r
	WHERE r.case_id = p_case AND r.closed_at IS NOT NULL
	UNION ALL
	SELECT 'referral_update', x.created_at, 0, x.created_by, NULL,
	    NULL, NULL, NULL, NULL, NULL, NULL, x.id, x.service,
	    x.status, x.note, x.update_date::text, NULL, NULL, NULL,
	    NULL, NULL, r.organisation_id, NULL, NULL, NULL, x.referral_id,
	    NULL, NULL, NULL
	FROM cb.referral_updates x
	JOIN cb.referrals r ON r.id = x.referral_id
	WHERE r.case_id = p_case
	) h
	LEFT JOIN cb.users u ON u.id = h.who
	LEFT JOIN cb.organisations o ON o.id = h.org_id
$$;
REVOKE ALL ON FUNCTION case_events FROM PUBLIC;

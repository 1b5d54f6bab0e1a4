-- The list's order (issue 9): newest first, ties broken by id. The
-- indexes the lists walk held created_at only, so cases sharing a
-- created_at (one transaction's, a bulk import's: the million cases of
-- `make bench` share one) were sorted as one group on every page: with
-- 50,000 such cases a page of 50 took 25-28 ms, 2.8-3.3 ms now (pgbench,
-- one client, case_list). With id in
-- the index the order is the index's own, and a cursor (created_at, id)
-- is where the scan starts, at any depth.
SET search_path = cb;

DROP INDEX cases_assigned;
DROP INDEX cases_office;
CREATE INDEX cases_assigned ON cases (assigned_to, created_at DESC,
    id DESC);
CREATE INDEX cases_office ON cases (office, created_at DESC, id DESC);

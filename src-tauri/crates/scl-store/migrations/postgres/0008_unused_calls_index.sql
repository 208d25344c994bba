-- No query reads calls by account and end time: the queue reaches calls through their leads,
-- detection through calls_pending, imports through call_id. Keeping the index cost every
-- imported call a third B-tree insert (about half a second per million calls, measured).
-- Accounts are never deleted, so no foreign-key check needs it either.
DROP INDEX calls_by_account_ended;

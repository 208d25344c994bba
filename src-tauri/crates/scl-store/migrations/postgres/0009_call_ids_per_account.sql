-- Call ids are unique per account, not across the network: two accounts' phone systems may
-- both have call `1503567123.45`. The key is (call_id, account_id): the same pairs as
-- (account_id, call_id), in the order that also serves a lookup by call id alone.
-- Each account also gets the IANA time zone its phone system records local times in.
ALTER TABLE calls DROP CONSTRAINT calls_call_id_key;
ALTER TABLE calls ADD CONSTRAINT calls_call_id_account_key UNIQUE (call_id, account_id);

ALTER TABLE accounts ADD COLUMN time_zone TEXT;

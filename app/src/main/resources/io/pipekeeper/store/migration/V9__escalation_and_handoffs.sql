-- When a sender claimed a page: a page still 'sending' long after its claim belongs to a process that stopped
-- mid-send. It is not sent again on that channel (at most once); the person is tried on their next channel.
ALTER TABLE outbox ADD COLUMN claimed_at TIMESTAMP WITH TIME ZONE;

-- Hand-off mail is not about one incident.
ALTER TABLE outbox ALTER COLUMN incident_id DROP NOT NULL;

-- Each rotation hand-off mailed once: the primary key is the claim, taken in the transaction that queues the mail.
CREATE TABLE handoff_mails (
    handoff_at TIMESTAMP WITH TIME ZONE PRIMARY KEY,
    mailed_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Keys that sign the acknowledge and resolve links in pages, made on first use (32 random bytes, hex).
CREATE TABLE signing_keys (
    name       VARCHAR(50) PRIMARY KEY,
    key_hex    VARCHAR(128)             NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The check an incident is about (empty for runs), so that the loop finds every incident whose subject has since
-- passed in one query, however many are open. Older incidents get it from their key: subject|kind|check.
ALTER TABLE incidents ADD COLUMN check_name VARCHAR(200);
UPDATE incidents SET check_name = SUBSTRING(incident_key FROM POSITION('|' IN incident_key) + POSITION('|' IN SUBSTRING(incident_key FROM POSITION('|' IN incident_key) + 1)) + 1)
    WHERE kind <> 'manual';
CREATE INDEX incidents_status_idx ON incidents (status);

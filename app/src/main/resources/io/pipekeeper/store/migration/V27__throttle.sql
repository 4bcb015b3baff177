-- Throttling in a flood: each message's priority (its incident's severity rank, 0 the most severe; notices after
-- pages), so that messages held for a person go out most severe first, then oldest; and when it was first held.
ALTER TABLE outbox ADD COLUMN priority INTEGER DEFAULT 100 NOT NULL;
ALTER TABLE outbox ADD COLUMN held_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX outbox_person_idx ON outbox (person, channel, claimed_at);

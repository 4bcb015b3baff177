-- The last step of its escalation policy an incident paged (counted from 0 over every round), so that an
-- escalation by hand pages the one after it. NULL: none yet.
ALTER TABLE incidents ADD COLUMN last_step INTEGER;

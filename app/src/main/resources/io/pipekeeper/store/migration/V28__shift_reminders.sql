-- Shift reminders sent: one per person and shift start, the row being the claim (several processes remind once).
CREATE TABLE shift_reminders (
    person     VARCHAR(100)             NOT NULL,
    starts_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    sent_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (person, starts_at)
);

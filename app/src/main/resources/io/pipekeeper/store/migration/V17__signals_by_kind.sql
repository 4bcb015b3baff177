-- Whether a signal of a kind was raised for a subject (a deadline missed, a capacity risk, a stale runbook) is
-- asked on every scheduler pass; it reads the signals of that kind and subject only.
CREATE INDEX signals_kind_subject_idx ON signals (kind, subject);

-- The SLA clocks' per-pass look-up (which open incidents passed a deadline unmet) reads the open incidents by their
-- deadline, not every incident ever opened: the look-up's cost stays flat as the history grows.
CREATE INDEX incidents_respond_due_idx ON incidents (status, respond_by);
CREATE INDEX incidents_resolve_due_idx ON incidents (status, resolve_by);

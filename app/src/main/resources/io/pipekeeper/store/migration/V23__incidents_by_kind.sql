-- The per-pass look-ups that follow lineage (has an open incident's run or check passed since? can a recovery clear
-- it?) read the open incidents of the kinds lineage ties to a cause, not every open one: outside alerts, which may
-- be open by the hundred thousand after a storm, have their own kind and are not read.
CREATE INDEX incidents_kind_idx ON incidents (kind, status);

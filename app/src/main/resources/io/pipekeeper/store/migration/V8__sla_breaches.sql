-- When an incident's respond or resolve deadline passed unmet, as recorded by the incidents loop. Setting one is
-- the claim to send the breach notice: only the loop whose UPDATE finds it still NULL sends it.
ALTER TABLE incidents ADD COLUMN respond_breached_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE incidents ADD COLUMN resolve_breached_at TIMESTAMP WITH TIME ZONE;

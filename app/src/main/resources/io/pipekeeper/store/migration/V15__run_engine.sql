-- Which engine ran a run (duckdb or spark): a pipeline may move between engines, and its run times with it.
ALTER TABLE runs ADD COLUMN engine VARCHAR(20) DEFAULT 'duckdb' NOT NULL;

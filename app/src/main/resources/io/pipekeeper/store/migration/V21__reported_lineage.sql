-- Lineage that OpenLineage events report, beside the configuration's: which pipeline last wrote each dataset, and
-- the edges that follow when another pipeline reads it (or reads a dataset named like a source). The incidents
-- loop correlates along these edges as along depends_on.
CREATE TABLE lineage_datasets (
    dataset  VARCHAR(600)             PRIMARY KEY,
    producer VARCHAR(200)             NOT NULL,
    seen_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE lineage_edges (
    upstream   VARCHAR(200)             NOT NULL,
    downstream VARCHAR(200)             NOT NULL,
    dataset    VARCHAR(600)             NOT NULL,
    seen_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (upstream, downstream)
);

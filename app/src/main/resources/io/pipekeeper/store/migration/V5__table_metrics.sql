-- Daily measures of tables (per column: null rate, distinct count, mean), which distribution checks learn from.
CREATE TABLE table_metrics (
    subject    VARCHAR(200)             NOT NULL,
    metric     VARCHAR(300)             NOT NULL,
    run_date   DATE                     NOT NULL,
    metric_value DOUBLE PRECISION       NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (subject, metric, run_date)
);

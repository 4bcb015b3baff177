-- Unit-level profit: profit per unit sold, by day, experiment group and product.
-- Reads the run's day of orders, every product cost period, and every user (for the experiment group).
-- cost uses the product's unit cost valid on the order's date. The casts say the types of the output's contract,
-- which DuckDB and Spark would otherwise choose differently for sums and quotients of decimals.
WITH cost_periods AS (
    SELECT product_id,
           unit_cost,
           valid_from,
           LEAD(valid_from) OVER (PARTITION BY product_id ORDER BY valid_from) AS valid_to
    FROM product_costs
),
sold AS (
    SELECT coalesce(u.experiment_group, 'unknown') AS experiment_group,
           o.product_id,
           o.quantity,
           o.quantity * o.unit_price AS revenue,
           o.quantity * c.unit_cost  AS cost
    FROM orders o
    LEFT JOIN users u ON u.user_id = o.user_id
    LEFT JOIN cost_periods c
           ON c.product_id = o.product_id
          AND CAST(o.ordered_at AS DATE) >= c.valid_from
          AND (c.valid_to IS NULL OR CAST(o.ordered_at AS DATE) < c.valid_to)
)
SELECT {{run_date}}                                   AS date,
       experiment_group,
       product_id,
       CAST(sum(quantity) AS BIGINT)                  AS units,
       CAST(sum(revenue) AS DECIMAL(38,2))            AS revenue,
       CAST(sum(cost) AS DECIMAL(38,2))               AS cost,
       CAST(sum(revenue) - sum(cost) AS DECIMAL(38,2)) AS profit,
       CAST(sum(revenue) - sum(cost) AS DOUBLE) / nullif(sum(quantity), 0) AS profit_per_unit
FROM sold
GROUP BY experiment_group, product_id
ORDER BY experiment_group, product_id

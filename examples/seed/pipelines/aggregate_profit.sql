-- Aggregate profit: company profit per day with month- and quarter-to-date totals, reported to investors.
-- Reads unit_profit for the quarter so far (window 92d); a day missing upstream makes the totals short,
-- which the checks on this output catch.
WITH daily AS (
    SELECT date,
           sum(revenue) AS revenue,
           sum(cost)    AS cost
    FROM unit_profit
    GROUP BY date
)
SELECT {{run_date}}                                                                  AS date,
       sum(CASE WHEN date = {{run_date}} THEN revenue END)                           AS revenue,
       sum(CASE WHEN date = {{run_date}} THEN cost END)                              AS cost,
       sum(CASE WHEN date = {{run_date}} THEN revenue - cost END)                    AS profit,
       CAST(sum(CASE WHEN date = {{run_date}} THEN revenue - cost END) AS DOUBLE)
           / nullif(sum(CASE WHEN date = {{run_date}} THEN revenue END), 0)          AS margin,
       sum(CASE WHEN date >= {{month_start}} AND date <= {{run_date}} THEN revenue - cost END)   AS profit_mtd,
       sum(CASE WHEN date >= {{quarter_start}} AND date <= {{run_date}} THEN revenue - cost END) AS profit_qtd
FROM daily

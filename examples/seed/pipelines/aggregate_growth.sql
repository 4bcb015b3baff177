-- Aggregate growth: total users, monthly actives and month-over-month growth, reported to investors.
-- Reads daily_growth for the last 28 days and events for the last 56 (this 28-day window and the one before).
WITH growth AS (
    SELECT CAST(sum(CASE WHEN date = {{run_date}} THEN cumulative_users END) AS BIGINT)                       AS total_users,
           CAST(sum(CASE WHEN date > {{run_date - 28}} AND date <= {{run_date}} THEN new_users END) AS BIGINT) AS new_users_28d
    FROM daily_growth
),
actives AS (
    SELECT count(DISTINCT CASE WHEN CAST(occurred_at AS DATE) > {{run_date - 28}}
                               AND CAST(occurred_at AS DATE) <= {{run_date}} THEN user_id END)      AS mau,
           count(DISTINCT CASE WHEN CAST(occurred_at AS DATE) > {{run_date - 56}}
                               AND CAST(occurred_at AS DATE) <= {{run_date - 28}} THEN user_id END) AS mau_before
    FROM events
)
SELECT {{run_date}}                                                 AS date,
       g.total_users,
       g.new_users_28d,
       a.mau,
       CAST(a.mau AS DOUBLE) / nullif(a.mau_before, 0) - 1          AS mau_growth
FROM growth g CROSS JOIN actives a

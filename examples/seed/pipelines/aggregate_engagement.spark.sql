-- Aggregate engagement on Spark: aggregate_engagement.sql with one difference of dialect. DuckDB's
-- date_diff('second', a, b) counts the second boundaries between a and b; Spark has no such function, and its
-- timestampdiff(SECOND, …) counts whole seconds elapsed, which differs for timestamps with fractions of a
-- second. unix_seconds (which truncates) of each end gives DuckDB's count exactly.
WITH day_events AS (
    SELECT * FROM events WHERE CAST(occurred_at AS DATE) = {{run_date}}
),
sessions AS (
    SELECT session_id,
           unix_seconds(CAST(max(occurred_at) AS TIMESTAMP)) - unix_seconds(CAST(min(occurred_at) AS TIMESTAMP)) AS seconds
    FROM day_events
    GROUP BY session_id
),
actives AS (
    SELECT count(DISTINCT CASE WHEN CAST(occurred_at AS DATE) = {{run_date}} THEN user_id END)      AS dau,
           count(DISTINCT CASE WHEN CAST(occurred_at AS DATE) > {{run_date - 7}}
                               AND CAST(occurred_at AS DATE) <= {{run_date}} THEN user_id END)      AS wau,
           count(DISTINCT CASE WHEN CAST(occurred_at AS DATE) > {{run_date - 28}}
                               AND CAST(occurred_at AS DATE) <= {{run_date}} THEN user_id END)      AS mau
    FROM events
)
SELECT {{run_date}}                                                          AS date,
       a.dau,
       a.wau,
       a.mau,
       CAST(a.dau AS DOUBLE) / nullif(a.mau, 0)                              AS stickiness,
       CAST((SELECT count(*) FROM sessions) AS DOUBLE) / nullif(a.dau, 0)    AS sessions_per_user,
       CAST((SELECT sum(seconds) FROM sessions) AS DOUBLE) / 60.0D
           / nullif((SELECT count(*) FROM sessions), 0)                      AS avg_session_minutes
FROM actives a

-- Aggregate engagement: daily, weekly and monthly actives, stickiness and session depth, for investors.
-- Reads the last 28 days of events.
WITH day_events AS (
    SELECT * FROM events WHERE CAST(occurred_at AS DATE) = {{run_date}}
),
sessions AS (
    SELECT session_id,
           date_diff('second', min(occurred_at), max(occurred_at)) AS seconds
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
       -- A sum of whole seconds, then one division: the same to the last bit however the threads split the rows
       -- (an average of fractions of minutes was not: a re-run's output could differ in its last digits).
       CAST((SELECT sum(seconds) FROM sessions) AS DOUBLE) / 60.0
           / nullif((SELECT count(*) FROM sessions), 0)                      AS avg_session_minutes
FROM actives a

-- Daily growth: new and active users per day and experiment group, for experiments.
-- Reads every user partition up to the run's day, and the day's events.
WITH groups AS (
    SELECT DISTINCT experiment_group FROM users
),
signups AS (
    SELECT experiment_group,
           count(CASE WHEN CAST(signed_up_at AS DATE) = {{run_date}} THEN 1 END)  AS new_users,
           count(CASE WHEN CAST(signed_up_at AS DATE) <= {{run_date}} THEN 1 END) AS cumulative_users
    FROM users
    GROUP BY experiment_group
),
active AS (
    SELECT u.experiment_group,
           count(DISTINCT e.user_id) AS active_users
    FROM events e
    JOIN users u ON u.user_id = e.user_id
    GROUP BY u.experiment_group
)
SELECT {{run_date}}                    AS date,
       g.experiment_group,
       coalesce(s.new_users, 0)        AS new_users,
       coalesce(a.active_users, 0)     AS active_users,
       coalesce(s.cumulative_users, 0) AS cumulative_users
FROM groups g
LEFT JOIN signups s ON s.experiment_group = g.experiment_group
LEFT JOIN active a  ON a.experiment_group = g.experiment_group
ORDER BY g.experiment_group

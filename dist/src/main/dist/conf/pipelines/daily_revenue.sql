-- Daily revenue: the run's day of orders, summed.
SELECT {{run_date}}        AS date,
       count(*)            AS orders,
       sum(amount)         AS revenue
FROM orders

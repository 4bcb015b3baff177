SELECT DATE '{date}' AS date, 1 AS events

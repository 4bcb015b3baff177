SELECT DATE '{date}' AS date, 0 AS invoices

-- question: Current headcount and average salary per store
-- tags: employees, stores, headcount, salary
-- Current staff have no termination_date. Head-office and regional staff have no store.
SELECT coalesce(s.name, 'Head office / regional') AS store,
       count(*) AS headcount,
       round(avg(e.annual_salary), 0) AS avg_salary
FROM employees AS e
LEFT JOIN stores AS s ON s.store_id = e.store_id
WHERE e.termination_date IS NULL
GROUP BY s.name
ORDER BY headcount DESC

-- question: How many employees were hired and how many left each year?
-- tags: employees, turnover, hiring, yearly
WITH hires AS (
  SELECT extract(year FROM e.hire_date)::int AS year, count(*) AS hired
  FROM employees AS e
  GROUP BY 1
),
leavers AS (
  SELECT extract(year FROM e.termination_date)::int AS year, count(*) AS left_company
  FROM employees AS e
  WHERE e.termination_date IS NOT NULL
  GROUP BY 1
)
SELECT h.year,
       h.hired,
       coalesce(l.left_company, 0) AS left_company
FROM hires AS h
LEFT JOIN leavers AS l ON l.year = h.year
WHERE h.year >= 2023
ORDER BY h.year

-- question: How many people report (directly or indirectly) to each regional manager?
-- tags: employees, org chart, managers, recursive
WITH RECURSIVE reports AS (
  SELECT e.employee_id AS manager_id, e.employee_id
  FROM employees AS e
  WHERE e.job_title = 'Regional Manager'
  UNION ALL
  SELECT r.manager_id, e.employee_id
  FROM reports AS r
  JOIN employees AS e ON e.manager_id = r.employee_id
)
SELECT m.first_name || ' ' || m.last_name AS regional_manager,
       count(*) - 1 AS people_in_reporting_line,
       count(*) FILTER (WHERE e.termination_date IS NULL) - 1 AS current_staff
FROM reports AS r
JOIN employees AS m ON m.employee_id = r.manager_id
JOIN employees AS e ON e.employee_id = r.employee_id
GROUP BY m.employee_id, m.first_name, m.last_name
ORDER BY people_in_reporting_line DESC

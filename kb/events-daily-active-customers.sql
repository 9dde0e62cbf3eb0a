-- question: Daily active signed-in customers on web and app in December 2025
-- tags: events, active users, daily
SELECT e.occurred_at::date AS day,
       count(DISTINCT e.customer_id) AS active_customers,
       count(DISTINCT e.session_id) AS sessions
FROM events AS e
WHERE e.customer_id IS NOT NULL
  AND e.occurred_at >= DATE '2025-12-01'
  AND e.occurred_at < DATE '2026-01-01'
GROUP BY 1
ORDER BY 1

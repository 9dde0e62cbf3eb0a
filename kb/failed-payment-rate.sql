-- question: Which payment methods fail most often?
-- tags: payments, failures, rate
SELECT p.payment_method,
       count(*) AS attempts,
       count(*) FILTER (WHERE p.status = 'failed') AS failed,
       round(100.0 * count(*) FILTER (WHERE p.status = 'failed') / count(*), 2) AS failure_rate_pct
FROM payments AS p
GROUP BY p.payment_method
ORDER BY failure_rate_pct DESC

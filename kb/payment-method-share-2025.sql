-- question: Share of payment methods by channel in 2025
-- tags: payments, channel, share
-- Only captured payments are money taken; failed and voided attempts are excluded.
SELECT o.channel,
       p.payment_method,
       count(*) AS payments,
       round(100.0 * count(*) / sum(count(*)) OVER (PARTITION BY o.channel), 1) AS share_pct
FROM payments AS p
JOIN orders AS o ON o.order_id = p.order_id
WHERE p.status = 'captured'
  AND p.created_at >= DATE '2025-01-01'
  AND p.created_at < DATE '2026-01-01'
GROUP BY o.channel, p.payment_method
ORDER BY o.channel, payments DESC

-- question: Refunds paid per month
-- tags: returns, refunds, monthly
-- Grouped by when the refund happened (returned_at), not by when the order was placed.
SELECT date_trunc('month', rt.returned_at)::date AS month,
       count(*) AS returned_lines,
       sum(rt.refund_amount) AS refunds
FROM returns AS rt
GROUP BY 1
ORDER BY 1

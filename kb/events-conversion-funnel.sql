-- question: Conversion funnel of web and app sessions in 2025
-- tags: events, funnel, conversion, sessions
-- A session converts at a step when it contains at least one event of that type.
SELECT e.platform,
       count(DISTINCT e.session_id) AS sessions,
       count(DISTINCT e.session_id) FILTER (WHERE e.event_type = 'product_view') AS viewed_product,
       count(DISTINCT e.session_id) FILTER (WHERE e.event_type = 'add_to_cart') AS added_to_cart,
       count(DISTINCT e.session_id) FILTER (WHERE e.event_type = 'checkout_started') AS started_checkout,
       count(DISTINCT e.session_id) FILTER (WHERE e.event_type = 'purchase') AS purchased,
       round(100.0 * count(DISTINCT e.session_id) FILTER (WHERE e.event_type = 'purchase') / count(DISTINCT e.session_id), 1) AS conversion_pct
FROM events AS e
GROUP BY e.platform
ORDER BY sessions DESC

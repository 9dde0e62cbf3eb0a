-- question: Purchases per mobile app version
-- tags: events, mobile app, json, purchases
-- Device details are on the session's page_view event: payload->'device'->>'app_version'.
SELECT pv.payload->'device'->>'os' AS os,
       pv.payload->'device'->>'app_version' AS app_version,
       count(DISTINCT pv.session_id) AS sessions,
       count(DISTINCT pu.session_id) AS purchasing_sessions
FROM events AS pv
LEFT JOIN events AS pu ON pu.session_id = pv.session_id AND pu.event_type = 'purchase'
WHERE pv.event_type = 'page_view'
  AND pv.platform IN ('ios', 'android')
GROUP BY 1, 2
ORDER BY 1, 2

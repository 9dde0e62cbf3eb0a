-- question: Which marketing campaigns bring the most sessions and purchases?
-- tags: events, marketing, campaigns, utm, json
-- The campaign sits in the landing page_view's payload: payload->'utm'->>'campaign' (null when untagged).
WITH landings AS (
  SELECT e.session_id,
         e.payload->'utm'->>'source' AS source,
         e.payload->'utm'->>'campaign' AS campaign
  FROM events AS e
  WHERE e.event_type = 'page_view'
    AND e.payload->'utm'->>'campaign' IS NOT NULL
),
purchases AS (
  SELECT e.session_id, (e.payload->>'value')::numeric AS value
  FROM events AS e
  WHERE e.event_type = 'purchase'
)
SELECT l.campaign,
       l.source,
       count(DISTINCT l.session_id) AS sessions,
       count(p.session_id) AS purchases,
       coalesce(sum(p.value), 0) AS purchase_value
FROM landings AS l
LEFT JOIN purchases AS p ON p.session_id = l.session_id
GROUP BY l.campaign, l.source
ORDER BY purchases DESC, sessions DESC
LIMIT 20

-- question: What do visitors search for most?
-- tags: events, search, json, top-n
SELECT lower(e.payload->>'query') AS search_term,
       count(*) AS searches,
       round(avg((e.payload->>'results_count')::int), 1) AS avg_results
FROM events AS e
WHERE e.event_type = 'search'
GROUP BY 1
ORDER BY searches DESC
LIMIT 20

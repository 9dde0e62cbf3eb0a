-- question: How many new customers signed up each month?
-- tags: customers, signups, monthly, acquisition
SELECT date_trunc('month', c.signup_date)::date AS month,
       count(*) AS new_customers,
       count(*) FILTER (WHERE c.acquisition_channel = 'social') AS from_social
FROM customers AS c
WHERE c.signup_date >= DATE '2023-01-01'
GROUP BY 1
ORDER BY 1

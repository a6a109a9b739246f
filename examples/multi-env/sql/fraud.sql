-- Card payments, and customers whose spending in the last ten minutes is far above their usual.
CREATE TABLE payments (
    payment_id BIGINT NOT NULL PRIMARY KEY,
    customer_id BIGINT NOT NULL,
    amount DECIMAL(12, 2) NOT NULL,
    paid_at TIMESTAMP NOT NULL LATENESS INTERVAL 10 MINUTES
) WITH (
    'connectors' = '[{
        "name": "payments-datagen",
        "transport": {
            "name": "datagen",
            "config": { "plan": [{ "limit": 100000, "rate": 500 }] }
        }
    }]'
);

CREATE MATERIALIZED VIEW suspicious_customers AS
SELECT customer_id, SUM(amount) AS spent_last_10_minutes
FROM payments
WHERE paid_at >= NOW() - INTERVAL 10 MINUTES
GROUP BY customer_id
HAVING SUM(amount) > 10000;

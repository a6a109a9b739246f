-- Orders as they arrive, and revenue per customer and hour.
CREATE TABLE orders (
    order_id BIGINT NOT NULL PRIMARY KEY,
    customer_id BIGINT NOT NULL,
    amount DECIMAL(12, 2) NOT NULL,
    placed_at TIMESTAMP NOT NULL LATENESS INTERVAL 1 HOUR
) WITH (
    'connectors' = '[{
        "name": "orders-datagen",
        "transport": {
            "name": "datagen",
            "config": { "plan": [{ "limit": 100000, "rate": 1000 }] }
        }
    }]'
);

CREATE MATERIALIZED VIEW revenue_per_customer_hour AS
SELECT customer_id,
       TUMBLE_START(placed_at, INTERVAL 1 HOUR) AS hour,
       SUM(amount) AS revenue,
       COUNT(*) AS order_count
FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(placed_at), INTERVAL 1 HOUR))
GROUP BY customer_id, TUMBLE_START(placed_at, INTERVAL 1 HOUR);

-- Stock levels and the products about to run out.
CREATE TABLE stock_movements (
    product_id BIGINT NOT NULL,
    quantity_delta INT NOT NULL,
    moved_at TIMESTAMP NOT NULL
);

CREATE MATERIALIZED VIEW stock_levels AS
SELECT product_id, SUM(quantity_delta) AS on_hand
FROM stock_movements
GROUP BY product_id;

CREATE MATERIALIZED VIEW low_stock AS
SELECT product_id, on_hand FROM stock_levels WHERE on_hand < 10;

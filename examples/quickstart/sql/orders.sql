-- Orders as they arrive, and the large ones as a view that is kept up to date incrementally.
CREATE TABLE orders (
  id BIGINT NOT NULL PRIMARY KEY,
  customer VARCHAR NOT NULL,
  amount DECIMAL(10, 2) NOT NULL
);

CREATE MATERIALIZED VIEW big_orders AS
  SELECT id, customer, amount FROM orders WHERE amount > 100;

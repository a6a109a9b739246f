-- Version 2: adds revenue per customer. Changing the SQL recompiles and restarts the pipeline once.
CREATE TABLE orders (
  id BIGINT NOT NULL PRIMARY KEY,
  customer VARCHAR NOT NULL,
  amount DECIMAL(10, 2) NOT NULL
);

CREATE MATERIALIZED VIEW big_orders AS
  SELECT id, customer, amount FROM orders WHERE amount > 100;

CREATE MATERIALIZED VIEW revenue_per_customer AS
  SELECT customer, SUM(amount) AS revenue FROM orders GROUP BY customer;

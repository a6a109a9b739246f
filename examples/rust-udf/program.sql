-- A SQL function implemented in Rust (udf.rs): the declaration has no body.
CREATE FUNCTION mask_card(card_number VARCHAR NOT NULL) RETURNS VARCHAR NOT NULL;

CREATE TABLE payments (
    payment_id BIGINT NOT NULL PRIMARY KEY,
    card_number VARCHAR NOT NULL,
    amount DECIMAL(12, 2) NOT NULL
);

CREATE MATERIALIZED VIEW masked_payments AS
SELECT payment_id, mask_card(card_number) AS card, amount FROM payments;

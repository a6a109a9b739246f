-- Page views per page and minute.
CREATE TABLE clicks (
    user_id BIGINT NOT NULL,
    page VARCHAR NOT NULL,
    clicked_at TIMESTAMP NOT NULL LATENESS INTERVAL 1 MINUTE
);

CREATE MATERIALIZED VIEW views_per_page_minute AS
SELECT page, TUMBLE_START(clicked_at, INTERVAL 1 MINUTE) AS minute, COUNT(*) AS views
FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(clicked_at), INTERVAL 1 MINUTE))
GROUP BY page, TUMBLE_START(clicked_at, INTERVAL 1 MINUTE);

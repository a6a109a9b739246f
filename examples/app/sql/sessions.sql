-- Active user sessions: users seen in the last 30 minutes.
CREATE TABLE logins (
    user_id BIGINT NOT NULL,
    logged_in_at TIMESTAMP NOT NULL LATENESS INTERVAL 5 MINUTES
);

CREATE MATERIALIZED VIEW active_users AS
SELECT COUNT(DISTINCT user_id) AS users
FROM logins
WHERE logged_in_at >= NOW() - INTERVAL 30 MINUTES;

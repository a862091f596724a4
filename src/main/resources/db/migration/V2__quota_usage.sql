-- Messages used per token per calendar month (UTC), e.g. month_key '2026-12'.
CREATE TABLE quota_usage (
    token_id  BIGINT  NOT NULL,
    month_key CHAR(7) NOT NULL,
    used      BIGINT  DEFAULT 0 NOT NULL,
    CONSTRAINT pk_quota_usage PRIMARY KEY (token_id, month_key),
    CONSTRAINT fk_quota_usage_token FOREIGN KEY (token_id) REFERENCES router_token (id) ON DELETE CASCADE
);

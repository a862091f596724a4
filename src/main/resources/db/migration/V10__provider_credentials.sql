-- Provider credentials (API keys from logins, OAuth tokens, client credentials).
-- Secrets live only in the sealed `secrets` blob (AES-GCM with the master key).
-- Times are epoch milliseconds so H2 and PostgreSQL read them the same way.
CREATE TABLE provider_credentials (
    id             VARCHAR(64)   NOT NULL PRIMARY KEY,
    provider       VARCHAR(64)   NOT NULL,
    name           VARCHAR(128)  NOT NULL,
    kind           VARCHAR(32)   NOT NULL,
    status         VARCHAR(32)   NOT NULL,
    version        BIGINT        NOT NULL,
    secrets        BYTEA         NOT NULL,
    token_url      VARCHAR(2048) NOT NULL,
    client_id      VARCHAR(512)  NOT NULL,
    scope          VARCHAR(2048) NOT NULL,
    body_format    VARCHAR(8)    NOT NULL,
    attributes     VARCHAR(4096) NOT NULL,
    expires_at     BIGINT,
    last_refresh   BIGINT,
    last_error     VARCHAR(512),
    cooldown_until BIGINT,
    claim_owner    VARCHAR(64),
    claim_until    BIGINT,
    created_at     BIGINT        NOT NULL,
    updated_at     BIGINT        NOT NULL,
    CONSTRAINT provider_credentials_name UNIQUE (provider, name)
);
CREATE INDEX provider_credentials_provider ON provider_credentials (provider);

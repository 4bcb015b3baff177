-- API tokens for machines and scripts. Only a SHA-256 hash of each token is kept: the token is shown once.
CREATE TABLE api_tokens (
    name       VARCHAR(100)             PRIMARY KEY,
    role       VARCHAR(20)              NOT NULL CHECK (role IN ('viewer', 'responder', 'admin')),
    scopes     VARCHAR(400)             NOT NULL,
    token_hash VARCHAR(64)              NOT NULL UNIQUE,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at TIMESTAMP WITH TIME ZONE
);

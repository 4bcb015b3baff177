-- Each person's calendar feed has a secret address; only the hash of its token is kept, and it can be revoked.
CREATE TABLE calendar_feeds (
    token_hash VARCHAR(64)              PRIMARY KEY,
    person     VARCHAR(100)             NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at TIMESTAMP WITH TIME ZONE
);

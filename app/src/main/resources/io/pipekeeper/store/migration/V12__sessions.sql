-- People log in to the dashboard with a one-time link made on the command line ('pipekeeper login'); the link
-- opens a session. Only hashes of the link's and the session's tokens are kept.
CREATE TABLE login_links (
    token_hash VARCHAR(64)              PRIMARY KEY,
    person     VARCHAR(100)             NOT NULL,
    role       VARCHAR(20)              NOT NULL CHECK (role IN ('viewer', 'responder', 'admin')),
    scopes     VARCHAR(400)             NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at    TIMESTAMP WITH TIME ZONE
);

CREATE TABLE sessions (
    token_hash VARCHAR(64)              PRIMARY KEY,
    person     VARCHAR(100)             NOT NULL,
    role       VARCHAR(20)              NOT NULL,
    scopes     VARCHAR(400)             NOT NULL,
    csrf       VARCHAR(64)              NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);

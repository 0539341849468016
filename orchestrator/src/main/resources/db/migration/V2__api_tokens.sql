-- TransferLab store, version 2: API bearer tokens. Only a SHA-256 of each token is kept; the
-- token itself is shown once, when it is created.
CREATE TABLE api_tokens (
    id              VARCHAR(40)  PRIMARY KEY,
    name            VARCHAR(100) NOT NULL,
    role            VARCHAR(16)  NOT NULL,
    token_hash      CHAR(64)     NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at      TIMESTAMP WITH TIME ZONE
);

CREATE UNIQUE INDEX api_tokens_hash ON api_tokens (token_hash);

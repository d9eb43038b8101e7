-- One row per ERC-3009 authorization a server accepted for the x402 `exact` scheme, keyed the way the token keys its
-- nonces (token + authorizer + nonce) and the chain they live on. The primary key is the local replay guard: a second
-- claim of the same authorization inserts nothing. Status: in_flight (claimed, handler running), pending (transaction
-- sent, outcome not seen yet), settled, failed. Times are unix milliseconds. Idempotent like the other scripts.
CREATE TABLE IF NOT EXISTS ExactSettlement
(
    Network TEXT NOT NULL,
    Asset TEXT NOT NULL,
    Payer TEXT NOT NULL,
    Nonce TEXT NOT NULL,
    Amount TEXT NOT NULL,
    PayTo TEXT NOT NULL,
    Status TEXT NOT NULL,
    TransactionHash TEXT NULL,
    ValidBefore INTEGER NOT NULL,
    CreatedAt INTEGER NOT NULL,
    UpdatedAt INTEGER NOT NULL,
    PRIMARY KEY (Network, Asset, Payer, Nonce)
) STRICT;

CREATE INDEX IF NOT EXISTS IX_ExactSettlement_Status ON ExactSettlement (Status, UpdatedAt);

-- One row per ERC-3009 authorization a server accepted for the x402 `exact` scheme, keyed the way the token keys its
-- nonces (token + authorizer + nonce) and the chain they live on. The primary key is the replay guard shared by every
-- silo: a second claim of the same authorization inserts nothing. Status: in_flight (claimed, handler running),
-- pending (transaction sent, outcome not seen yet), settled, failed. Times are unix milliseconds. Idempotent.
CREATE TABLE IF NOT EXISTS ExactSettlement
(
    Network varchar(64) NOT NULL,
    Asset varchar(42) NOT NULL,
    Payer varchar(42) NOT NULL,
    Nonce varchar(66) NOT NULL,
    Amount varchar(80) NOT NULL,
    PayTo varchar(42) NOT NULL,
    Status varchar(16) NOT NULL,
    TransactionHash varchar(66) NULL,
    ValidBefore bigint NOT NULL,
    CreatedAt bigint NOT NULL,
    UpdatedAt bigint NOT NULL,
    CONSTRAINT PK_ExactSettlement PRIMARY KEY (Network, Asset, Payer, Nonce)
);

CREATE INDEX IF NOT EXISTS IX_ExactSettlement_Status ON ExactSettlement (Status, UpdatedAt);

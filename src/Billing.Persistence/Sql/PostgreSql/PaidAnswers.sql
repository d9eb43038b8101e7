-- The answers given to payments that carried a payment identifier (the x402 payment-identifier extension), so that a
-- retry of the same payment, on any silo and after a restart, gets the same answer instead of a second run of the route.
-- Keyed by channel and payment identifier: the channel's ledger is what decides that a payment was redeemed, this table
-- only keeps what it bought. Fingerprint is the SHA-256 of the payment header the answer was given to (same identifier,
-- other payment: 409). Only successful, committed answers are kept, bounded in size by the server and deleted after
-- their retention. StoredAt is unix milliseconds. Idempotent like the other scripts.
CREATE TABLE IF NOT EXISTS PaidAnswer
(
    ChannelId varchar(66) NOT NULL,
    PaymentId varchar(128) NOT NULL,
    Fingerprint bytea NOT NULL,
    Status integer NOT NULL,
    ContentType text NULL,
    PaymentResponse text NULL,
    Body bytea NOT NULL,
    StoredAt bigint NOT NULL,
    CONSTRAINT PK_PaidAnswer PRIMARY KEY (ChannelId, PaymentId)
);

CREATE INDEX IF NOT EXISTS IX_PaidAnswer_StoredAt ON PaidAnswer (StoredAt);

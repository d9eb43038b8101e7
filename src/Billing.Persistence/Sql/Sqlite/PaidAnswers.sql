-- The answers given to payments that carried a payment identifier (the x402 payment-identifier extension), so that a
-- retry of the same payment, on any silo and after a restart, gets the same answer instead of a second run of the route.
-- Keyed by channel and payment identifier: the channel's ledger is what decides that a payment was redeemed, this table
-- only keeps what it bought. Fingerprint is the SHA-256 of the payment header the answer was given to (same identifier,
-- other payment: 409). Only successful, committed answers are kept, bounded in size by the server and deleted after
-- their retention. StoredAt is unix milliseconds. Idempotent like the other scripts.
CREATE TABLE IF NOT EXISTS PaidAnswer
(
    ChannelId TEXT NOT NULL,
    PaymentId TEXT NOT NULL,
    Fingerprint BLOB NOT NULL,
    Status INTEGER NOT NULL,
    ContentType TEXT NULL,
    PaymentResponse TEXT NULL,
    Body BLOB NOT NULL,
    StoredAt INTEGER NOT NULL,
    PRIMARY KEY (ChannelId, PaymentId)
) STRICT;

CREATE INDEX IF NOT EXISTS IX_PaidAnswer_StoredAt ON PaidAnswer (StoredAt);

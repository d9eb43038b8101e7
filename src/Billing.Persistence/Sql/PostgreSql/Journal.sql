-- The charge journal: one row per committed charge, written by the channel grains (before their state under strict
-- durability, with their write-behind flush under windowed durability) and read by reconciliation and the ledger export.
--
-- (ChannelId, RequestId, Kind, CumulativeCharged) is the key, so a retried flush cannot record a charge twice (writers
-- insert with ON CONFLICT DO NOTHING). Kind is part of it because one request can carry two rows: the charges a payer's
-- voucher restored after a write-behind loss (catch_up) and the request's own charge. CumulativeCharged, the charge's
-- position in the channel, is part of it because a request id is not unique for ever: the ledger remembers a bounded
-- number of them, and a payer may use a forgotten one again for a new charge, which must get its own row.
-- Amounts are uint128: numeric(39,0) holds every value exactly.
CREATE TABLE IF NOT EXISTS BillingChargeJournal
(
    ChannelId text NOT NULL,
    RequestId text NOT NULL,
    Kind text NOT NULL CHECK (Kind IN ('call', 'metered', 'catch_up')),
    Amount numeric(39, 0) NOT NULL CHECK (Amount >= 0),
    CumulativeCharged numeric(39, 0) NOT NULL CHECK (CumulativeCharged >= 0),
    ChargedAt timestamptz NOT NULL,
    Model text NULL,
    InputTokens bigint NOT NULL DEFAULT 0,
    OutputTokens bigint NOT NULL DEFAULT 0,
    CONSTRAINT PK_BillingChargeJournal PRIMARY KEY (ChannelId, RequestId, Kind, CumulativeCharged)
);

CREATE INDEX IF NOT EXISTS IX_BillingChargeJournal_Position ON BillingChargeJournal (ChannelId, CumulativeCharged);

-- Databases created with the earlier three-column key get the new one (idempotent: only while the key has three columns).
DO $$
BEGIN
    IF (SELECT array_length(conkey, 1) FROM pg_constraint
        WHERE conrelid = 'billingchargejournal'::regclass AND contype = 'p') = 3 THEN
        ALTER TABLE BillingChargeJournal DROP CONSTRAINT PK_BillingChargeJournal;
        ALTER TABLE BillingChargeJournal ADD CONSTRAINT PK_BillingChargeJournal PRIMARY KEY (ChannelId, RequestId, Kind, CumulativeCharged);
    END IF;
END $$;

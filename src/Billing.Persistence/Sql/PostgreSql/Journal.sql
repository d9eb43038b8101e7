-- The charge journal: one row per committed charge, written by the channel grains (before their state under strict
-- durability, with their write-behind flush under windowed durability) and read by reconciliation and the ledger export.
--
-- (ChannelId, RequestId, Kind) is the key, so a retried flush or a replayed request id cannot record a charge twice
-- (writers insert with ON CONFLICT DO NOTHING). Kind is part of it because one request can carry two rows: the charges a
-- payer's voucher restored after a write-behind loss (catch_up) and the request's own charge.
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
    CONSTRAINT PK_BillingChargeJournal PRIMARY KEY (ChannelId, RequestId, Kind)
);

CREATE INDEX IF NOT EXISTS IX_BillingChargeJournal_Position ON BillingChargeJournal (ChannelId, CumulativeCharged);

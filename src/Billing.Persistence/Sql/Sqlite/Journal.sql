-- The charge journal: one row per committed charge, written by the channel grains (before their state under strict
-- durability, with their write-behind flush under windowed durability) and read by reconciliation and the ledger export.
--
-- (ChannelId, RequestId, Kind, CumulativeCharged) is the key, so a retried flush cannot record a charge twice (writers
-- insert with ON CONFLICT DO NOTHING). Kind is part of it because one request can carry two rows: the charges a payer's
-- voucher restored after a write-behind loss (catch_up) and the request's own charge. CumulativeCharged, the charge's
-- position in the channel, is part of it because a request id is not unique for ever: the ledger remembers a bounded
-- number of them, and a payer may use a forgotten one again for a new charge, which must get its own row. Amounts are uint128 and do not fit SQLite's 64-bit INTEGER: they are canonical
-- decimal strings (no sign, no leading zeros), which the CHECKs enforce so that ordering by (length, text) is numeric.
CREATE TABLE IF NOT EXISTS BillingChargeJournal
(
    ChannelId TEXT NOT NULL,
    RequestId TEXT NOT NULL,
    Kind TEXT NOT NULL CHECK (Kind IN ('call', 'metered', 'catch_up')),
    Amount TEXT NOT NULL CHECK (Amount GLOB '[0-9]*' AND Amount NOT GLOB '*[^0-9]*' AND (Amount = '0' OR Amount NOT GLOB '0*')),
    CumulativeCharged TEXT NOT NULL
        CHECK (CumulativeCharged GLOB '[0-9]*' AND CumulativeCharged NOT GLOB '*[^0-9]*'
            AND (CumulativeCharged = '0' OR CumulativeCharged NOT GLOB '0*')),
    ChargedAt TEXT NOT NULL,
    Model TEXT NULL,
    InputTokens INTEGER NOT NULL DEFAULT 0,
    OutputTokens INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (ChannelId, RequestId, Kind, CumulativeCharged)
) STRICT;

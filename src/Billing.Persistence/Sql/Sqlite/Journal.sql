-- The charge log: one row per committed charge, group-committed by the silo's log writer for every channel grain, read
-- by recovery (a channel's rows after its snapshot), reconciliation and the ledger export.
--
-- Sequence is the channel's own count of its rows: its commit order (rows from before it was kept were numbered by
-- position and time when it was added). The key leads with (ChannelId, Sequence), so that one index serves both the
-- reads (a channel's rows after its snapshot's sequence, every channel in commit order) and the writes' duplicate check:
-- each row a commit inserts touches one leaf of one index, not one of each of two. A group commit of records from many
-- channels writes that leaf for every channel in it, and every page written is synced before a strict charge is
-- acknowledged (benchmarks/README.md, "The commit's own cost").
--
-- The rest of the key is the charge itself, so a retried append cannot record a charge twice (writers insert with
-- ON CONFLICT DO NOTHING: the first row is kept), and rows that share a sequence (numbered before sequences were kept)
-- stay apart. Kind is part of it because one request can carry two rows: the charges a payer's voucher restored after a
-- write-behind loss (catch_up) and the request's own charge. CumulativeCharged, the charge's position in the channel, is
-- part of it because a request id is not unique for ever: the ledger remembers a bounded number of them, and a payer
-- may use a forgotten one again for a new charge, which must get its own row. Amounts are uint128 and do not fit
-- SQLite's 64-bit INTEGER: they are canonical decimal strings (no sign, no leading zeros), which the CHECKs enforce so
-- that ordering by (length, text) is numeric.
--
-- The columns after Sequence are what recovery needs to rebuild the channel's ledger: the highest voucher and its
-- signature (hex) after the charge, the request's own voucher and ceiling, its exact charge in sub-units and the carried
-- remainder after it.
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
    Sequence INTEGER NOT NULL DEFAULT 0,
    VoucherAmount TEXT NOT NULL DEFAULT '0',
    VoucherSignature TEXT NULL,
    SignedMaxClaimable TEXT NOT NULL DEFAULT '0',
    Ceiling TEXT NOT NULL DEFAULT '0',
    ExactSubUnits TEXT NOT NULL DEFAULT '0',
    CarriedSubUnits TEXT NOT NULL DEFAULT '0',
    PRIMARY KEY (ChannelId, Sequence, RequestId, Kind, CumulativeCharged)
) STRICT;

-- The key serves the reads the separate (ChannelId, Sequence) index of journals before it did; a journal rebuilt in this
-- shape leaves that index behind with its earlier table.
DROP INDEX IF EXISTS IX_BillingChargeJournal_Sequence;

-- The charge log: one row per committed charge, group-committed by each silo's log writer for every channel grain, read
-- by recovery (a channel's rows after its snapshot), reconciliation and the ledger export.
--
-- Sequence is the channel's own count of its rows: its commit order (rows from before it was kept are numbered by
-- position and time below). The key leads with (ChannelId, Sequence), so that one index serves both the reads (a
-- channel's rows after its snapshot's sequence, every channel in commit order) and the writes' duplicate check, and a
-- row costs a commit one index entry fewer. The rest of the key is the charge itself, so a retried flush cannot record a
-- charge twice (writers insert with ON CONFLICT DO NOTHING: the first row is kept), and rows that share a sequence
-- (numbered before sequences were kept) stay apart. Kind is part of it because one request can carry two rows: the
-- charges a payer's voucher restored after a write-behind loss (catch_up) and the request's own charge.
-- CumulativeCharged, the charge's position in the channel, is part of it because a request id is not unique for ever:
-- the ledger remembers a bounded number of them, and a payer may use a forgotten one again for a new charge, which must
-- get its own row. Amounts are uint128: numeric(39,0) holds every value exactly.
--
-- The columns after Sequence are what recovery needs to rebuild the channel's ledger: the highest voucher and its
-- signature (hex) after the charge, the request's own voucher and ceiling, its exact charge in sub-units and the carried
-- remainder after it.
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
    Sequence bigint NOT NULL DEFAULT 0,
    VoucherAmount numeric(39, 0) NOT NULL DEFAULT 0 CHECK (VoucherAmount >= 0),
    VoucherSignature text NULL,
    SignedMaxClaimable numeric(39, 0) NOT NULL DEFAULT 0 CHECK (SignedMaxClaimable >= 0),
    Ceiling numeric(39, 0) NOT NULL DEFAULT 0 CHECK (Ceiling >= 0),
    ExactSubUnits numeric(39, 0) NOT NULL DEFAULT 0 CHECK (ExactSubUnits >= 0),
    CarriedSubUnits numeric(39, 0) NOT NULL DEFAULT 0 CHECK (CarriedSubUnits >= 0),
    CONSTRAINT PK_BillingChargeJournal PRIMARY KEY (ChannelId, Sequence, RequestId, Kind, CumulativeCharged)
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

-- Databases created before the log kept recovery columns get them, and their rows are numbered per channel in the order
-- of their position and time (idempotent: only while the column is missing).
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = 'billingchargejournal' AND column_name = 'sequence') THEN
        ALTER TABLE BillingChargeJournal
            ADD COLUMN Sequence bigint NOT NULL DEFAULT 0,
            ADD COLUMN VoucherAmount numeric(39, 0) NOT NULL DEFAULT 0 CHECK (VoucherAmount >= 0),
            ADD COLUMN VoucherSignature text NULL,
            ADD COLUMN SignedMaxClaimable numeric(39, 0) NOT NULL DEFAULT 0 CHECK (SignedMaxClaimable >= 0),
            ADD COLUMN Ceiling numeric(39, 0) NOT NULL DEFAULT 0 CHECK (Ceiling >= 0),
            ADD COLUMN ExactSubUnits numeric(39, 0) NOT NULL DEFAULT 0 CHECK (ExactSubUnits >= 0),
            ADD COLUMN CarriedSubUnits numeric(39, 0) NOT NULL DEFAULT 0 CHECK (CarriedSubUnits >= 0);
        UPDATE BillingChargeJournal AS j SET Sequence = numbered.n
        FROM (SELECT ctid, row_number() OVER (PARTITION BY ChannelId ORDER BY CumulativeCharged, ChargedAt, RequestId) AS n
              FROM BillingChargeJournal) AS numbered
        WHERE j.ctid = numbered.ctid;
    END IF;
END $$;

-- Databases keyed before the key led with the sequence get the current key (idempotent: only while the key has four
-- columns). It holds every column of the earlier key, so no two rows collide; the (ChannelId, Sequence) index it
-- replaces goes.
DO $$
BEGIN
    IF (SELECT array_length(conkey, 1) FROM pg_constraint
        WHERE conrelid = 'billingchargejournal'::regclass AND contype = 'p') = 4 THEN
        ALTER TABLE BillingChargeJournal DROP CONSTRAINT PK_BillingChargeJournal;
        ALTER TABLE BillingChargeJournal ADD CONSTRAINT PK_BillingChargeJournal PRIMARY KEY (ChannelId, Sequence, RequestId, Kind, CumulativeCharged);
    END IF;
END $$;

DROP INDEX IF EXISTS IX_BillingChargeJournal_Sequence;

-- Grain state for AdoNetGrainStorage on the embedded single-node store. Our own schema and queries, written from the
-- documented query keys (WriteToStorageKey, ReadFromStorageKey, ClearStorageKey, DeleteStorageKey). Idempotent: the
-- migrator runs it in one transaction at every start, which also refreshes the query texts.
--
-- Row identity and optimistic concurrency follow the PostgreSQL script (see its header). SQLite has no
-- data-modifying CTEs, so each write is one upsert followed by a SELECT that reports its outcome through changes():
-- the new version when the upsert changed a row, NULL (a version conflict for the provider) when it did not. That
-- SELECT reads no table, so nothing can slip in between.
--
-- Every writing query starts with PRAGMA synchronous = FULL: synchronous is a per-connection setting and the provider
-- opens its own connections, so the query is the one place that always runs first. FULL syncs the write-ahead log at
-- each commit, so a charge acknowledged to a client survives a power cut or kernel crash, not only a process crash
-- (NORMAL would survive the latter only).
CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey TEXT NOT NULL PRIMARY KEY,
    QueryText TEXT NOT NULL
) STRICT;

CREATE TABLE IF NOT EXISTS OrleansStorage
(
    GrainIdHash INTEGER NOT NULL,
    GrainIdN0 INTEGER NOT NULL,
    GrainIdN1 INTEGER NOT NULL,
    GrainTypeHash INTEGER NOT NULL,
    GrainTypeString TEXT NOT NULL,
    GrainIdExtensionString TEXT NULL,
    ServiceId TEXT NOT NULL,
    PayloadBinary BLOB NULL,
    ModifiedOn TEXT NOT NULL,
    Version INTEGER NOT NULL
) STRICT;

-- SQLite treats NULLs as distinct in unique indexes; IFNULL makes a missing key extension count as one value.
-- An empty extension never occurs (Orleans drops blank extensions), so '' cannot collide with a real one.
CREATE UNIQUE INDEX IF NOT EXISTS UX_OrleansStorage_Identity
    ON OrleansStorage (GrainIdHash, GrainTypeHash, ServiceId, GrainTypeString, GrainIdN0, GrainIdN1,
        IFNULL(GrainIdExtensionString, ''));

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadFromStorageKey', '
SELECT PayloadBinary, Version
FROM OrleansStorage
WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
    AND ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString
    AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
    AND IFNULL(GrainIdExtensionString, '''') = IFNULL(@GrainIdExtensionString, '''');
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- Insert path: no version given and no row yet. Update path: a version given and a row holding it. A version given
-- for a row that does not exist inserts nothing (the EXISTS guard), and the statement holds the write lock from its
-- read to its write, so the guard cannot go stale.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('WriteToStorageKey', '
PRAGMA synchronous = FULL;
INSERT INTO OrleansStorage
    (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString, GrainIdExtensionString, ServiceId,
     PayloadBinary, ModifiedOn, Version)
SELECT @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString, @GrainIdExtensionString, @ServiceId,
    @PayloadBinary, strftime(''%Y-%m-%dT%H:%M:%fZ'', ''now''), 1
WHERE @GrainStateVersion IS NULL
    OR EXISTS (
        SELECT 1 FROM OrleansStorage
        WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
            AND ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString
            AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
            AND IFNULL(GrainIdExtensionString, '''') = IFNULL(@GrainIdExtensionString, ''''))
ON CONFLICT DO UPDATE
SET PayloadBinary = excluded.PayloadBinary,
    ModifiedOn = excluded.ModifiedOn,
    Version = CASE WHEN OrleansStorage.Version = 2147483647 THEN 1 ELSE OrleansStorage.Version + 1 END
WHERE OrleansStorage.Version = @GrainStateVersion;
SELECT CASE
    WHEN changes() = 0 THEN NULL
    WHEN @GrainStateVersion IS NULL THEN 1
    WHEN @GrainStateVersion = 2147483647 THEN 1
    ELSE @GrainStateVersion + 1
END AS NewGrainStateVersion;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ClearStorageKey', '
PRAGMA synchronous = FULL;
UPDATE OrleansStorage
SET PayloadBinary = NULL,
    ModifiedOn = strftime(''%Y-%m-%dT%H:%M:%fZ'', ''now''),
    Version = CASE WHEN Version = 2147483647 THEN 1 ELSE Version + 1 END
WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
    AND ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString
    AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
    AND IFNULL(GrainIdExtensionString, '''') = IFNULL(@GrainIdExtensionString, '''')
    AND Version = @GrainStateVersion;
SELECT CASE
    WHEN changes() = 0 THEN NULL
    WHEN @GrainStateVersion = 2147483647 THEN 1
    ELSE @GrainStateVersion + 1
END AS NewGrainStateVersion;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteStorageKey', '
PRAGMA synchronous = FULL;
DELETE FROM OrleansStorage
WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
    AND ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString
    AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
    AND IFNULL(GrainIdExtensionString, '''') = IFNULL(@GrainIdExtensionString, '''')
    AND Version = @GrainStateVersion;
SELECT CASE
    WHEN changes() = 0 THEN NULL
    WHEN @GrainStateVersion = 2147483647 THEN 1
    ELSE @GrainStateVersion + 1
END AS NewGrainStateVersion;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- Grain state for AdoNetGrainStorage. Our own schema and queries, written from the documented query keys, parameters
-- and result columns (WriteToStorageKey, ReadFromStorageKey, ClearStorageKey, DeleteStorageKey).
--
-- A row is identified by (ServiceId, GrainTypeString, GrainIdN0, GrainIdN1, GrainIdExtensionString); the two hashes
-- lead the unique index only to keep it selective. The provider passes the persistent-state name as GrainTypeString
-- (dotnet/orleans#8746); RowIdentityGrainStorage folds the grain type into it and passes string keys verbatim
-- (dotnet/orleans#9706), so two grain classes, or the keys "020235" and "20235", never share a row.
--
-- Optimistic concurrency: Version is the ETag. A write without a version inserts only when no row exists; a write
-- with a version updates only the row holding exactly that version and moves it on. Every query returns exactly one
-- row; a NULL version in it tells the provider that nothing changed, which it raises as InconsistentStateException.
-- Versions wrap from int.MaxValue to 1 instead of overflowing: a channel grain writes once per paid request.
CREATE TABLE IF NOT EXISTS OrleansStorage
(
    GrainIdHash integer NOT NULL,
    GrainIdN0 bigint NOT NULL,
    GrainIdN1 bigint NOT NULL,
    GrainTypeHash integer NOT NULL,
    GrainTypeString text NOT NULL,
    GrainIdExtensionString text NULL,
    ServiceId text NOT NULL,
    PayloadBinary bytea NULL,
    ModifiedOn timestamptz NOT NULL,
    Version integer NOT NULL
);

CREATE UNIQUE INDEX IF NOT EXISTS UX_OrleansStorage_Identity
    ON OrleansStorage (GrainIdHash, GrainTypeHash, ServiceId, GrainTypeString, GrainIdN0, GrainIdN1, GrainIdExtensionString)
    NULLS NOT DISTINCT;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadFromStorageKey', $query$
SELECT PayloadBinary, Version
FROM OrleansStorage
WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
    AND ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString
    AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
    AND GrainIdExtensionString IS NOT DISTINCT FROM CAST(@GrainIdExtensionString AS text);
$query$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

-- The insert and the update exclude each other through @GrainStateVersion, so at most one of them acts. ON CONFLICT
-- makes the first insert safe against a concurrent first insert; the update re-checks Version under the row lock.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('WriteToStorageKey', $query$
WITH inserted AS (
    INSERT INTO OrleansStorage
        (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString, GrainIdExtensionString, ServiceId,
         PayloadBinary, ModifiedOn, Version)
    SELECT @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
        CAST(@GrainIdExtensionString AS text), @ServiceId, @PayloadBinary, now(), 1
    WHERE CAST(@GrainStateVersion AS integer) IS NULL
    ON CONFLICT DO NOTHING
    RETURNING Version
),
updated AS (
    UPDATE OrleansStorage
    SET PayloadBinary = @PayloadBinary,
        ModifiedOn = now(),
        Version = CASE WHEN Version = 2147483647 THEN 1 ELSE Version + 1 END
    WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
        AND ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString
        AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
        AND GrainIdExtensionString IS NOT DISTINCT FROM CAST(@GrainIdExtensionString AS text)
        AND Version = CAST(@GrainStateVersion AS integer)
    RETURNING Version
)
SELECT COALESCE((SELECT Version FROM inserted), (SELECT Version FROM updated)) AS NewGrainStateVersion;
$query$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

-- Clearing keeps the row (and its version history) and drops the payload.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ClearStorageKey', $query$
WITH cleared AS (
    UPDATE OrleansStorage
    SET PayloadBinary = NULL,
        ModifiedOn = now(),
        Version = CASE WHEN Version = 2147483647 THEN 1 ELSE Version + 1 END
    WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
        AND ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString
        AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
        AND GrainIdExtensionString IS NOT DISTINCT FROM CAST(@GrainIdExtensionString AS text)
        AND Version = CAST(@GrainStateVersion AS integer)
    RETURNING Version
)
SELECT (SELECT Version FROM cleared) AS NewGrainStateVersion;
$query$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

-- Used only with DeleteStateOnClear. Reports the version the row would have had next, so the ETag still moves.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteStorageKey', $query$
WITH deleted AS (
    DELETE FROM OrleansStorage
    WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
        AND ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString
        AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
        AND GrainIdExtensionString IS NOT DISTINCT FROM CAST(@GrainIdExtensionString AS text)
        AND Version = CAST(@GrainStateVersion AS integer)
    RETURNING CASE WHEN Version = 2147483647 THEN 1 ELSE Version + 1 END AS NextVersion
)
SELECT (SELECT NextVersion FROM deleted) AS NewGrainStateVersion;
$query$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

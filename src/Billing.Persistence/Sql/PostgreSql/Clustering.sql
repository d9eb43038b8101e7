-- Cluster membership for AdoNetClusteringTable (silos) and AdoNetGatewayListProvider (clients). Our own schema and
-- queries, written from the documented query keys: the nine required ones plus the optional
-- CleanupDefunctSiloEntryKey.
--
-- The version row is the membership table's optimistic lock: inserting or updating a member succeeds only together
-- with moving that row from the version the caller read. Both writes happen in a PL/pgSQL function so that a failed
-- member write undoes the version bump (leaving an exception block rolls back everything done inside it).
-- Timestamps are timestamptz: Npgsql sends UTC DateTime values as timestamptz and refuses them for timestamp.
CREATE TABLE IF NOT EXISTS OrleansMembershipVersionTable
(
    DeploymentId text NOT NULL,
    Timestamp timestamptz(3) NOT NULL DEFAULT now(),
    Version integer NOT NULL DEFAULT 0,
    CONSTRAINT PK_OrleansMembershipVersionTable PRIMARY KEY (DeploymentId)
);

CREATE TABLE IF NOT EXISTS OrleansMembershipTable
(
    DeploymentId text NOT NULL,
    Address varchar(45) NOT NULL,
    Port integer NOT NULL,
    Generation integer NOT NULL,
    SiloName text NOT NULL,
    HostName text NOT NULL,
    Status integer NOT NULL,
    ProxyPort integer NULL,
    SuspectTimes varchar(8000) NULL,
    StartTime timestamptz(3) NOT NULL,
    IAmAliveTime timestamptz(3) NOT NULL,
    CONSTRAINT PK_OrleansMembershipTable PRIMARY KEY (DeploymentId, Address, Port, Generation),
    CONSTRAINT FK_OrleansMembershipTable_Version FOREIGN KEY (DeploymentId)
        REFERENCES OrleansMembershipVersionTable (DeploymentId)
);

CREATE OR REPLACE FUNCTION billing_membership_insert(
    deployment_id text, address_arg text, port_arg integer, generation_arg integer, silo_name_arg text,
    host_name_arg text, status_arg integer, proxy_port_arg integer, start_time_arg timestamptz,
    i_am_alive_time_arg timestamptz, version_arg integer)
RETURNS integer
LANGUAGE plpgsql
AS $function$
DECLARE
    affected integer;
BEGIN
    UPDATE OrleansMembershipVersionTable
    SET Version = Version + 1, Timestamp = now()
    WHERE DeploymentId = deployment_id AND Version = version_arg AND Version < 2147483647;
    GET DIAGNOSTICS affected = ROW_COUNT;
    IF affected = 0 THEN
        RETURN 0;
    END IF;

    INSERT INTO OrleansMembershipTable
        (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort, StartTime, IAmAliveTime)
    VALUES
        (deployment_id, address_arg, port_arg, generation_arg, silo_name_arg, host_name_arg, status_arg,
         proxy_port_arg, start_time_arg, i_am_alive_time_arg);
    RETURN 1;
EXCEPTION WHEN unique_violation THEN
    RETURN 0;
END
$function$;

CREATE OR REPLACE FUNCTION billing_membership_update(
    deployment_id text, address_arg text, port_arg integer, generation_arg integer, status_arg integer,
    suspect_times_arg text, i_am_alive_time_arg timestamptz, version_arg integer)
RETURNS integer
LANGUAGE plpgsql
AS $function$
DECLARE
    affected integer;
BEGIN
    UPDATE OrleansMembershipVersionTable
    SET Version = Version + 1, Timestamp = now()
    WHERE DeploymentId = deployment_id AND Version = version_arg AND Version < 2147483647;
    GET DIAGNOSTICS affected = ROW_COUNT;
    IF affected = 0 THEN
        RETURN 0;
    END IF;

    UPDATE OrleansMembershipTable
    SET Status = status_arg, SuspectTimes = suspect_times_arg, IAmAliveTime = i_am_alive_time_arg
    WHERE DeploymentId = deployment_id AND Address = address_arg AND Port = port_arg AND Generation = generation_arg;
    GET DIAGNOSTICS affected = ROW_COUNT;
    IF affected = 0 THEN
        RAISE EXCEPTION 'membership row not found' USING ERRCODE = 'no_data_found';
    END IF;
    RETURN 1;
EXCEPTION WHEN no_data_found THEN
    RETURN 0;
END
$function$;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('InsertMembershipVersionKey', $query$
WITH inserted AS (
    INSERT INTO OrleansMembershipVersionTable (DeploymentId) VALUES (@DeploymentId)
    ON CONFLICT DO NOTHING
    RETURNING 1
)
SELECT COUNT(*) > 0 FROM inserted;
$query$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('InsertMembershipKey', $query$
SELECT billing_membership_insert(@DeploymentId, CAST(@Address AS text), @Port, @Generation, @SiloName, @HostName,
    @Status, @ProxyPort, @StartTime, @IAmAliveTime, @Version) > 0;
$query$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('UpdateMembershipKey', $query$
SELECT billing_membership_update(@DeploymentId, CAST(@Address AS text), @Port, @Generation, @Status,
    CAST(@SuspectTimes AS text), @IAmAliveTime, @Version) > 0;
$query$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

-- A heartbeat is a blind write of one column of the silo's own row; it does not touch the table version.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('UpdateIAmAlivetimeKey', $query$
UPDATE OrleansMembershipTable
SET IAmAliveTime = @IAmAliveTime
WHERE DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port AND Generation = @Generation;
$query$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

-- Reads start from the version row so that they always return it, with NULL member columns when there is no member.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('MembershipReadRowKey', $query$
SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
    m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
FROM OrleansMembershipVersionTable v
LEFT OUTER JOIN OrleansMembershipTable m
    ON m.DeploymentId = v.DeploymentId
    AND m.Address = @Address AND m.Port = @Port AND m.Generation = @Generation
WHERE v.DeploymentId = @DeploymentId;
$query$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('MembershipReadAllKey', $query$
SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
    m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
FROM OrleansMembershipVersionTable v
LEFT OUTER JOIN OrleansMembershipTable m ON m.DeploymentId = v.DeploymentId
WHERE v.DeploymentId = @DeploymentId;
$query$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('GatewaysQueryKey', $query$
SELECT Address, ProxyPort, Generation
FROM OrleansMembershipTable
WHERE DeploymentId = @DeploymentId AND Status = @Status AND ProxyPort > 0;
$query$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteMembershipTableEntriesKey', $query$
DELETE FROM OrleansMembershipTable WHERE DeploymentId = @DeploymentId;
DELETE FROM OrleansMembershipVersionTable WHERE DeploymentId = @DeploymentId;
$query$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

-- Bulk clean-up of dead silos (status 6 = Dead) that neither started nor beat after the cut-off. Rows still carrying
-- suspicions are left alone: their times are text, and the per-row key below judges them with all timestamps.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('CleanupDefunctSiloEntriesKey', $query$
DELETE FROM OrleansMembershipTable
WHERE DeploymentId = @DeploymentId
    AND Status = 6
    AND IAmAliveTime < @IAmAliveTime
    AND StartTime < @IAmAliveTime
    AND COALESCE(SuspectTimes, '') = '';
$query$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

-- Per-row clean-up: the provider has judged the row defunct from the values it read, so the row is deleted only if
-- it is still dead and still holds exactly those values.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('CleanupDefunctSiloEntryKey', $query$
DELETE FROM OrleansMembershipTable
WHERE DeploymentId = @DeploymentId
    AND Address = @Address AND Port = @Port AND Generation = @Generation
    AND Status = 6
    AND IAmAliveTime = @IAmAliveTime
    AND StartTime = @StartTime
    AND COALESCE(SuspectTimes, '') = COALESCE(CAST(@SuspectTimes AS text), '');
$query$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

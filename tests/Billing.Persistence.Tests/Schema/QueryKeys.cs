namespace Billing.Persistence.Tests.Schema;

/// <summary>The query keys the Orleans 10.4.2 ADO.NET providers look up (reference/orleans.md §2).</summary>
internal static class QueryKeys
{
    public static readonly IReadOnlySet<string> Persistence = new HashSet<string>(StringComparer.Ordinal)
    {
        "ReadFromStorageKey", "WriteToStorageKey", "ClearStorageKey", "DeleteStorageKey",
    };

    public static readonly IReadOnlySet<string> Clustering = new HashSet<string>(StringComparer.Ordinal)
    {
        "InsertMembershipVersionKey", "InsertMembershipKey", "UpdateMembershipKey", "UpdateIAmAlivetimeKey",
        "MembershipReadRowKey", "MembershipReadAllKey", "GatewaysQueryKey", "DeleteMembershipTableEntriesKey",
        "CleanupDefunctSiloEntriesKey", "CleanupDefunctSiloEntryKey",
    };

    public static readonly IReadOnlySet<string> Reminders = new HashSet<string>(StringComparer.Ordinal)
    {
        "UpsertReminderRowKey", "ReadReminderRowsKey", "ReadReminderRowKey", "ReadRangeRows1Key", "ReadRangeRows2Key",
        "DeleteReminderRowKey", "DeleteReminderRowsKey",
    };
}

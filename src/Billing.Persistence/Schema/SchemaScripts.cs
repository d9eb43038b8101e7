using System.Reflection;

namespace Billing.Persistence.Schema;

/// <summary>The embedded scripts of each engine, in the order they must run.</summary>
internal static class SchemaScripts
{
    // PostgreSQL gets every table even when a host does not use clustering or reminders yet: they cost nothing
    // empty, and turning the features on later then needs no separate migration.
    private static readonly string[] PostgreSqlOrder = ["Main", "Persistence", "Clustering", "Reminders", "Journal", "ExactSettlements", "PaidAnswers"];
    private static readonly string[] SqliteOrder = ["Persistence", "Journal", "ExactSettlements", "PaidAnswers"];

    public static IReadOnlyList<SchemaScript> For(StorageProvider provider) => provider switch
    {
        StorageProvider.Sqlite => Load("Sqlite", SqliteOrder),
        StorageProvider.PostgreSql => Load("PostgreSql", PostgreSqlOrder),
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown storage provider."),
    };

    private static SchemaScript[] Load(string engine, string[] names)
    {
        var assembly = typeof(SchemaScripts).Assembly;
        return [.. names.Select(name => Load(assembly, engine, name))];
    }

    private static SchemaScript Load(Assembly assembly, string engine, string name)
    {
        var resource = $"Billing.Persistence.Sql.{engine}.{name}.sql";
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The script {resource} is not embedded in {assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return new SchemaScript($"{engine}/{name}.sql", reader.ReadToEnd());
    }
}

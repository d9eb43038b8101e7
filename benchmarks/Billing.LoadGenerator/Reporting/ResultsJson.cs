using System.Text.Encodings.Web;
using System.Text.Json;

namespace Billing.LoadGenerator.Reporting;

public static class ResultsJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static Task WriteAsync(BenchmarkReport report, string path, CancellationToken cancellationToken) =>
        File.WriteAllTextAsync(path, JsonSerializer.Serialize(report, Options), cancellationToken);
}

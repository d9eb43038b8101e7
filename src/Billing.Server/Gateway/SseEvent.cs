using System.Text;

namespace Billing.Server.Gateway;

/// <summary>The parts of one server-sent event the gateway reads: its name and its data (data lines joined by \n).</summary>
public readonly record struct SseEvent(string? Name, string? Data)
{
    /// <summary>The data OpenAI-compatible streams end with.</summary>
    public const string Done = "[DONE]";

    public bool IsDone => Name is null && Data == Done;

    public static SseEvent Parse(ReadOnlySpan<byte> raw)
    {
        string? name = null;
        StringBuilder? data = null;
        foreach (var line in Encoding.UTF8.GetString(raw).Split('\n'))
        {
            var text = line.TrimEnd('\r');
            if (text.StartsWith("data:", StringComparison.Ordinal))
            {
                data = data is null ? new StringBuilder() : data.Append('\n');
                data.Append(FieldValue(text, "data:".Length));
            }
            else if (text.StartsWith("event:", StringComparison.Ordinal))
            {
                name = FieldValue(text, "event:".Length);
            }
        }

        return new SseEvent(name, data?.ToString());
    }

    /// <summary>An event as bytes on the wire.</summary>
    public static byte[] Format(string name, string data) => Encoding.UTF8.GetBytes($"event: {name}\ndata: {data}\n\n");

    public static byte[] FormatData(string data) => Encoding.UTF8.GetBytes($"data: {data}\n\n");

    private static string FieldValue(string line, int prefix) =>
        line.Length > prefix && line[prefix] == ' ' ? line[(prefix + 1)..] : line[prefix..];
}

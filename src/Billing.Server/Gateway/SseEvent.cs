using System.Text;

namespace Billing.Server.Gateway;

/// <summary>
/// The parts of one server-sent event the gateway reads: its name and its data (UTF-8, data lines joined by \n).
/// </summary>
/// <remarks>
/// Parsing allocates nothing for the events a stream is made of (one unnamed data line): the data is then a slice of
/// the raw event. Only a named event allocates its name, and only an event of several data lines its joined data.
/// </remarks>
public readonly record struct SseEvent(string? Name, ReadOnlyMemory<byte>? Data)
{
    /// <summary>The data OpenAI-compatible streams end with.</summary>
    public const string Done = "[DONE]";

    public bool IsDone => Name is null && Data is { } data && data.Span.SequenceEqual("[DONE]"u8);

    public static SseEvent Parse(ReadOnlyMemory<byte> raw)
    {
        string? name = null;
        ReadOnlyMemory<byte>? data = null;
        List<ReadOnlyMemory<byte>>? dataLines = null;
        var rest = raw;
        while (!rest.IsEmpty)
        {
            var newline = rest.Span.IndexOf((byte)'\n');
            var line = newline < 0 ? rest : rest[..newline];
            rest = newline < 0 ? ReadOnlyMemory<byte>.Empty : rest[(newline + 1)..];
            if (!line.IsEmpty && line.Span[^1] == (byte)'\r')
            {
                line = line[..^1];
            }

            if (line.Span.StartsWith("data:"u8))
            {
                var value = FieldValue(line, "data:".Length);
                if (data is { } first)
                {
                    (dataLines ??= [first]).Add(value);
                }

                data ??= value;
            }
            else if (line.Span.StartsWith("event:"u8))
            {
                name = Encoding.UTF8.GetString(FieldValue(line, "event:".Length).Span);
            }
        }

        return new SseEvent(name, dataLines is null ? data : Join(dataLines));
    }

    /// <summary>
    /// A comment line (<c>: name data</c>) ending an event block: every SSE parser skips it, so it can carry what only
    /// some clients read without disturbing the others. <paramref name="data"/> must be one line.
    /// </summary>
    public static byte[] FormatComment(string name, string data) => Encoding.UTF8.GetBytes($": {name} {data}\n\n");

    public static byte[] FormatData(string data) => Encoding.UTF8.GetBytes($"data: {data}\n\n");

    private static ReadOnlyMemory<byte> FieldValue(ReadOnlyMemory<byte> line, int prefix) =>
        line.Length > prefix && line.Span[prefix] == (byte)' ' ? line[(prefix + 1)..] : line[prefix..];

    private static byte[] Join(List<ReadOnlyMemory<byte>> lines)
    {
        var joined = new byte[lines.Sum(l => l.Length) + lines.Count - 1];
        var at = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            if (i > 0)
            {
                joined[at++] = (byte)'\n';
            }

            lines[i].Span.CopyTo(joined.AsSpan(at));
            at += lines[i].Length;
        }

        return joined;
    }
}

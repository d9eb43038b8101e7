using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Billing.IntegrationTests.Fuzz;

/// <summary>
/// Edits a payment's JSON by dotted paths ("payload.voucher.signature"), including what a JSON tree cannot hold:
/// duplicated keys, raw number spellings, nesting deeper than any parser allows. Those are spliced in as raw text
/// where a placeholder member stood.
/// </summary>
internal static class JsonSurgery
{
    private const string Placeholder = "x_splice_here";

    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonSerializerOptions Indented = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, WriteIndented = true };

    public static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    public static string Write(JsonObject root, bool indented = false) => root.ToJsonString(indented ? Indented : Compact);

    public static string Header(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json));

    public static JsonNode? Find(JsonObject root, string path)
    {
        JsonNode? node = root;
        foreach (var part in path.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            node = node is JsonObject obj && obj.TryGetPropertyValue(part, out var child) ? child : null;
        }

        return node;
    }

    public static JsonObject? FindObject(JsonObject root, string path) => Find(root, path) as JsonObject;

    public static string? FindString(JsonObject root, string path) =>
        Find(root, path) is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    /// <summary>Replaces (or adds) the member at <paramref name="path"/>; false when its parent object is missing.</summary>
    public static bool Set(JsonObject root, string path, JsonNode? value)
    {
        var (parentPath, key) = Split(path);
        if (FindObject(root, parentPath) is not { } parent)
        {
            return false;
        }

        parent[key] = value;
        return true;
    }

    /// <summary>The JSON with the member at <paramref name="path"/> replaced by raw text (any spelling, valid or not).</summary>
    public static string WithRawValue(JsonObject root, string path, string rawValue)
    {
        var (parentPath, key) = Split(path);
        if (FindObject(root, parentPath) is not { } parent)
        {
            return Write(root);
        }

        parent.Remove(key);
        return WithRawMembers(root, parentPath, $"{JsonSerializer.Serialize(key, Compact)}:{rawValue}");
    }

    /// <summary>The JSON with raw member text (<c>"key":value</c>, comma-separated) added to the object at the path.</summary>
    public static string WithRawMembers(JsonObject root, string objectPath, string rawMembers)
    {
        if (FindObject(root, objectPath) is not { } target)
        {
            return Write(root);
        }

        target[Placeholder] = Placeholder;
        var json = Write(root);
        target.Remove(Placeholder);
        return json.Replace($"\"{Placeholder}\":\"{Placeholder}\"", rawMembers, StringComparison.Ordinal);
    }

    private static (string Parent, string Key) Split(string path)
    {
        var dot = path.LastIndexOf('.');
        return dot < 0 ? ("", path) : (path[..dot], path[(dot + 1)..]);
    }
}

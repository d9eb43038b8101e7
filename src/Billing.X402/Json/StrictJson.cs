using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Billing.X402.Json;

/// <summary>
/// Deserialization at the trust boundary: every failure of untrusted JSON becomes an <see cref="X402Error"/> with the
/// caller's reason and the JSON path, never an exception. Use it for JSON bodies (v1 402 body, facilitator replies);
/// headers go through <see cref="Http.PaymentHeaderCodec"/>, which ends here. Raw <see cref="JsonElement"/> members of
/// a model read from bytes here hold only well-formed text, so reading or comparing them later cannot throw.
/// </summary>
public static class StrictJson
{
    public static X402Result<T> Deserialize<T>(ReadOnlySpan<byte> utf8Json, JsonTypeInfo<T> typeInfo, string failureReason)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        if (!JsonTextGuard.IsWellFormed(utf8Json))
        {
            return X402Result<T>.Failure(failureReason, "JSON text is not valid UTF-8 or escapes an unpaired surrogate");
        }

        try
        {
            return Checked(JsonSerializer.Deserialize(utf8Json, typeInfo), failureReason);
        }
        catch (JsonException ex)
        {
            return Refused<T>(ex, failureReason);
        }
    }

    public static X402Result<T> Deserialize<T>(JsonElement element, JsonTypeInfo<T> typeInfo, string failureReason)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        if (element.ValueKind != JsonValueKind.Object)
        {
            return X402Result<T>.Failure(failureReason, $"expected a JSON object, found {Describe(element.ValueKind)}");
        }

        try
        {
            return Checked(element.Deserialize(typeInfo), failureReason);
        }
        catch (JsonException ex)
        {
            return Refused<T>(ex, failureReason);
        }
    }

    private static X402Result<T> Checked<T>(T? value, string failureReason)
        where T : class =>
        value is null
            ? X402Result<T>.Failure(failureReason, "expected a JSON object, found null")
            : X402Result<T>.Success(value);

    // The exception's own message can quote runtime type names and input; only the path goes out.
    private static X402Result<T> Refused<T>(JsonException ex, string failureReason) =>
        X402Result<T>.Failure(failureReason, ex.Path is { Length: > 0 } path
            ? $"malformed or unexpected JSON at {path}"
            : "malformed JSON");

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Undefined => "nothing",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => kind.ToString(),
    };
}

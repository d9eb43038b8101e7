using System.Text.Json;
using Billing.X402.Json;

namespace Billing.X402.Extensions;

/// <summary>
/// The <c>payment-identifier</c> extension: declaring it in a 402 and reading the id a client echoes.
/// </summary>
public static class PaymentIdentifier
{
    public const string Key = "payment-identifier";

    public const int MinIdLength = 16;

    public const int MaxIdLength = 128;

    /// <summary>Written by this engine from the extension's rules: the JSON Schema of <c>info</c>.</summary>
    private static readonly JsonElement InfoSchema = ParseSchema(
        """
        {
          "type": "object",
          "properties": {
            "required": { "type": "boolean" },
            "id": { "type": "string", "minLength": 16, "maxLength": 128, "pattern": "^[A-Za-z0-9_-]+$" }
          },
          "required": ["required"]
        }
        """);

    /// <summary>16–128 characters of <c>[A-Za-z0-9_-]</c>, e.g. <c>pay_&lt;uuid&gt;</c>.</summary>
    public static bool IsValidId(string? id)
    {
        if (id is null || id.Length is < MinIdLength or > MaxIdLength)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The extension as a server declares it in <c>PaymentRequired.extensions</c>.</summary>
    public static PaymentIdentifierExtension Declare(bool required) =>
        new() { Info = new PaymentIdentifierInfo { Required = required }, Schema = InfoSchema };

    public static JsonElement ToJsonElement(PaymentIdentifierExtension extension)
    {
        ArgumentNullException.ThrowIfNull(extension);
        return JsonSerializer.SerializeToElement(extension, X402JsonContext.Default.PaymentIdentifierExtension);
    }

    /// <summary>
    /// Reads the id a client echoed in its payment's extensions. No id is a success with <c>null</c> unless
    /// <paramref name="required"/>; a malformed id or extension is always <c>invalid_payload</c> (HTTP 400).
    /// </summary>
    public static X402Result<string?> ReadId(IReadOnlyDictionary<string, JsonElement>? extensions, bool required)
    {
        string? id = null;
        if (extensions is not null && extensions.TryGetValue(Key, out var raw))
        {
            var read = StrictJson.Deserialize(raw, X402JsonContext.Default.PaymentIdentifierExtension, X402ErrorReasons.InvalidPayload);
            if (!read.TryGetValue(out var extension, out var error))
            {
                return X402Result<string?>.Failure(error);
            }

            id = extension.Info.Id;
        }

        if (id is null)
        {
            return required
                ? X402Result<string?>.Failure(X402ErrorReasons.InvalidPayload, "a payment identifier is required")
                : X402Result<string?>.Success(null);
        }

        return IsValidId(id)
            ? X402Result<string?>.Success(id)
            : X402Result<string?>.Failure(
                X402ErrorReasons.InvalidPayload, "payment identifier must be 16-128 characters of [A-Za-z0-9_-]");
    }

    private static JsonElement ParseSchema(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}

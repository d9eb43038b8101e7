using System.Text.Json;
using Billing.Evm.Abi;

namespace Billing.Evm.Rpc;

/// <summary>Recognises a revert inside a JSON-RPC error and decodes its data.</summary>
internal static class RevertDetection
{
    public static bool TryRead(JsonRpcException ex, IReadOnlyList<AbiError> knownErrors, out RevertReason reason)
    {
        reason = RevertReason.Decode([]);
        var data = ex.ErrorData;
        var mentionsRevert = ex.RpcMessage.Contains("revert", StringComparison.OrdinalIgnoreCase);
        if (data is null)
        {
            if (!mentionsRevert)
            {
                return false;
            }

            return true;
        }

        // Nodes put revert data either straight in error.data or in error.data.data (some providers).
        using var document = JsonDocument.Parse(data);
        var element = document.RootElement;
        if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty("data", out var inner))
        {
            element = inner;
        }

        var text = element.ValueKind == JsonValueKind.String ? element.GetString() : null;
        if (text is not null && Hex.HasPrefix(text) && Hex.TryDecode(text, out var bytes))
        {
            reason = RevertReason.Decode(bytes, knownErrors);
            return true;
        }

        return mentionsRevert || ex.Code == 3;
    }
}

using Billing.Evm.Rpc;

namespace Billing.Grains.Chain;

/// <summary>
/// How many blocks the chain watcher asks <c>eth_getLogs</c> for at once. Providers cap the block range or the number of
/// results, each its own way, and say so with an error: the window halves on such a refusal, down to a floor, and grows
/// back by an eighth after each full-size query that was answered, so one busy stretch of chain neither stalls the
/// watcher nor keeps it slow for good.
/// </summary>
public sealed class LogRangeWindow
{
    private static readonly string[] RangeTexts =
    [
        "block range", "range too large", "range is too large", "too many blocks", "more than 10000 results",
        "query returned more than", "exceeds the range", "range exceeds", "max range", "too many results", "limit exceeded",
        "response size",
    ];

    private readonly ulong _max;
    private readonly ulong _floor;

    public LogRangeWindow(ulong max, ulong floor)
    {
        _max = Math.Max(1, max);
        _floor = Math.Clamp(floor, 1, _max);
        Current = _max;
    }

    public ulong Current { get; private set; }

    /// <summary>Halves the window after a refusal; false when it is already at the floor (the refusal is not about size).</summary>
    public bool Shrink()
    {
        if (Current <= _floor)
        {
            return false;
        }

        Current = Math.Max(_floor, Current / 2);
        return true;
    }

    /// <summary>Widens the window after a full-size query was answered.</summary>
    public void Grow() => Current = Math.Min(_max, Current + Math.Max(1, Current / 8));

    /// <summary>
    /// True when the node refused the query for its size: -32005 (limit exceeded), or an error whose message speaks of the
    /// range or the result count (-32602, -32000 and others, depending on the provider).
    /// </summary>
    public static bool IsRangeRefusal(Exception exception) =>
        exception is JsonRpcException rpc
        && (rpc.Code == -32005 || RangeTexts.Any(text => rpc.RpcMessage.Contains(text, StringComparison.OrdinalIgnoreCase)));
}

using System.Collections.Concurrent;
using System.Numerics;
using Billing.Evm;

namespace Billing.Server.Chain;

/// <summary>The last balance read for each sending key, as the operator API reports it.</summary>
public sealed class SenderBalances
{
    private readonly ConcurrentDictionary<Address, SenderBalance> _last = new();

    public IReadOnlyList<SenderBalance> Current => [.. _last.Values.OrderBy(b => b.Address, StringComparer.Ordinal)];

    internal void Record(Address account, BigInteger wei, bool low, DateTimeOffset at) =>
        _last[account] = new SenderBalance(account.ToString(), wei.ToString(System.Globalization.CultureInfo.InvariantCulture), low, at);
}

/// <summary>One sending key's ETH balance (wei, as a decimal string) when last read, and whether it is below the threshold.</summary>
public sealed record SenderBalance(string Address, string BalanceWei, bool Low, DateTimeOffset CheckedAt);

using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Billing.Evm.Rpc;

/// <summary>Anvil's (and partly Hardhat's) test-chain methods. Only for local development chains and tests.</summary>
public sealed class AnvilMethods
{
    private readonly EthRpcClient _rpc;

    internal AnvilMethods(EthRpcClient rpc) => _rpc = rpc;

    public Task SetCodeAsync(Address account, byte[] code, CancellationToken cancellationToken = default) =>
        _rpc.SendAsync("anvil_setCode", [RpcQuantity.Node(account), RpcQuantity.Node(code)], cancellationToken);

    public Task SetBalanceAsync(Address account, BigInteger wei, CancellationToken cancellationToken = default) =>
        _rpc.SendAsync("anvil_setBalance", [RpcQuantity.Node(account), RpcQuantity.Node(wei)], cancellationToken);

    public Task SetStorageAtAsync(Address account, Hash32 slot, Hash32 value, CancellationToken cancellationToken = default) =>
        _rpc.SendAsync("anvil_setStorageAt", [RpcQuantity.Node(account), RpcQuantity.Node(slot), RpcQuantity.Node(value)], cancellationToken);

    public Task SetNonceAsync(Address account, ulong nonce, CancellationToken cancellationToken = default) =>
        _rpc.SendAsync("anvil_setNonce", [RpcQuantity.Node(account), RpcQuantity.Node(nonce)], cancellationToken);

    public Task MineAsync(CancellationToken cancellationToken = default) => _rpc.SendAsync("evm_mine", [], cancellationToken);

    public Task MineAsync(ulong blocks, CancellationToken cancellationToken = default) =>
        _rpc.SendAsync("anvil_mine", [RpcQuantity.Node(blocks)], cancellationToken);

    public Task SetAutomineAsync(bool enabled, CancellationToken cancellationToken = default) =>
        _rpc.SendAsync("evm_setAutomine", [JsonValue.Create(enabled)], cancellationToken);

    /// <summary>Returns the snapshot id to pass to <see cref="RevertAsync"/>.</summary>
    public async Task<string> SnapshotAsync(CancellationToken cancellationToken = default)
    {
        var result = await _rpc.SendAsync("evm_snapshot", [], cancellationToken);
        return RpcQuantity.RequireString(result);
    }

    public async Task<bool> RevertAsync(string snapshotId, CancellationToken cancellationToken = default)
    {
        var result = await _rpc.SendAsync("evm_revert", [snapshotId], cancellationToken);
        return result.ValueKind == JsonValueKind.True;
    }

    public Task IncreaseTimeAsync(ulong seconds, CancellationToken cancellationToken = default) =>
        _rpc.SendAsync("evm_increaseTime", [JsonValue.Create(seconds)], cancellationToken);

    public Task SetNextBlockTimestampAsync(ulong unixSeconds, CancellationToken cancellationToken = default) =>
        _rpc.SendAsync("evm_setNextBlockTimestamp", [JsonValue.Create(unixSeconds)], cancellationToken);

    /// <summary>The whole chain state as anvil's hex blob, for <see cref="LoadStateAsync"/>.</summary>
    public async Task<string> DumpStateAsync(CancellationToken cancellationToken = default) =>
        RpcQuantity.RequireString(await _rpc.SendAsync("anvil_dumpState", [], cancellationToken));

    public Task LoadStateAsync(string state, CancellationToken cancellationToken = default) =>
        _rpc.SendAsync("anvil_loadState", [state], cancellationToken);

    public Task DropTransactionAsync(Hash32 transactionHash, CancellationToken cancellationToken = default) =>
        _rpc.SendAsync("anvil_dropTransaction", [RpcQuantity.Node(transactionHash)], cancellationToken);

    /// <summary>Re-mines the last <paramref name="depth"/> blocks (empty), so receipts in them move or vanish.</summary>
    public Task ReorgAsync(ulong depth, CancellationToken cancellationToken = default) =>
        _rpc.SendAsync("anvil_reorg", [JsonValue.Create(depth), new JsonArray()], cancellationToken);

    public Task ImpersonateAccountAsync(Address account, CancellationToken cancellationToken = default) =>
        _rpc.SendAsync("anvil_impersonateAccount", [RpcQuantity.Node(account)], cancellationToken);

    public Task StopImpersonatingAccountAsync(Address account, CancellationToken cancellationToken = default) =>
        _rpc.SendAsync("anvil_stopImpersonatingAccount", [RpcQuantity.Node(account)], cancellationToken);
}

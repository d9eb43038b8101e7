namespace Billing.Evm.Tests.Support;

/// <summary>
/// Tiny contracts assembled by hand from EVM opcodes, so RPC tests do not depend on the Solidity build.
/// </summary>
internal static class HandWrittenContracts
{
    /// <summary>
    /// Runtime that treats any call as <c>transfer(address to, uint256 value)</c> and emits
    /// <c>Transfer(msg.sender, to, value)</c>: mstore(0, calldataload(36)); log3(0, 32, topic0, caller, calldataload(4)); stop.
    /// </summary>
    public static byte[] TransferEmitterRuntime { get; } =
    [
        0x60, 0x24, 0x35, // PUSH1 36, CALLDATALOAD          value
        0x60, 0x00, 0x52, // PUSH1 0, MSTORE                 mem[0..32] = value
        0x60, 0x04, 0x35, // PUSH1 4, CALLDATALOAD           topic2 = to
        0x33,             // CALLER                          topic1 = from
        0x7F, .. Keccak256.Hash("Transfer(address,address,uint256)"u8).ToArray(), // PUSH32 topic0
        0x60, 0x20,       // PUSH1 32                        size
        0x60, 0x00,       // PUSH1 0                         offset
        0xA3,             // LOG3
        0x00,             // STOP
    ];

    /// <summary>Init code that returns <see cref="TransferEmitterRuntime"/>: codecopy(0, 12, len); return(0, len).</summary>
    public static byte[] TransferEmitterInitCode { get; } =
    [
        0x60, (byte)TransferEmitterRuntime.Length, 0x60, 0x0C, 0x60, 0x00, 0x39, // CODECOPY(0, 12, len)
        0x60, (byte)TransferEmitterRuntime.Length, 0x60, 0x00, 0xF3,             // RETURN(0, len)
        .. TransferEmitterRuntime,
    ];

    /// <summary>Runtime that always reverts with the 4-byte custom error <paramref name="selector"/>.</summary>
    public static byte[] RevertWith(ReadOnlySpan<byte> selector) =>
    [
        0x63, .. selector,      // PUSH4 selector
        0x60, 0xE0, 0x1B,       // PUSH1 224, SHL
        0x60, 0x00, 0x52,       // PUSH1 0, MSTORE
        0x60, 0x04, 0x60, 0x00, // PUSH1 4, PUSH1 0
        0xFD,                   // REVERT(0, 4)
    ];
}

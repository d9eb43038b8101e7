namespace Billing.Evm.Transactions;

/// <summary>A signed transaction ready for <c>eth_sendRawTransaction</c>, and its hash (keccak256 of the raw bytes).</summary>
public sealed record SignedTransaction(byte[] Raw, Hash32 Hash)
{
    public string RawHex => Hex.Encode(Raw);
}

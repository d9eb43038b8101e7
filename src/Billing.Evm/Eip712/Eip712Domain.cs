using Billing.Evm.Abi;

namespace Billing.Evm.Eip712;

/// <summary>
/// The EIP-712 domain <c>EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)</c>, the
/// form OpenZeppelin's EIP712 base contract uses. The separator is computed once, at construction.
/// </summary>
public sealed record Eip712Domain
{
    public const string TypeString = "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)";

    private static readonly Hash32 TypeHash = Keccak256.Hash(System.Text.Encoding.UTF8.GetBytes(TypeString));

    public Eip712Domain(string name, string version, ulong chainId, Address verifyingContract)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(version);
        Name = name;
        Version = version;
        ChainId = chainId;
        VerifyingContract = verifyingContract;
        Separator = ComputeSeparator();
    }

    public string Name { get; }

    public string Version { get; }

    public ulong ChainId { get; }

    public Address VerifyingContract { get; }

    /// <summary>hashStruct(domain), the value contracts return as <c>DOMAIN_SEPARATOR()</c>.</summary>
    public Hash32 Separator { get; }

    /// <summary>keccak256(0x19 ‖ 0x01 ‖ separator ‖ structHash): what gets signed.</summary>
    public Hash32 Digest(Hash32 structHash)
    {
        var digest = new byte[Keccak256.HashSize];
        WriteDigest(structHash.AsSpan(), digest);
        return Hash32.WrapUnsafe(digest);
    }

    /// <summary>Allocation-free form of <see cref="Digest(Hash32)"/>.</summary>
    public void WriteDigest(ReadOnlySpan<byte> structHash, Span<byte> digest32) =>
        Eip712Digest.Write(Separator.AsSpan(), structHash, digest32);

    private Hash32 ComputeSeparator()
    {
        Span<byte> encoded = stackalloc byte[5 * AbiWord.Size];
        TypeHash.CopyTo(encoded);
        Keccak256.Hash(System.Text.Encoding.UTF8.GetBytes(Name), encoded[32..]);
        Keccak256.Hash(System.Text.Encoding.UTF8.GetBytes(Version), encoded[64..]);
        AbiWord.Write(ChainId, encoded[96..]);
        AbiWord.Write(VerifyingContract, encoded[128..]);
        return Keccak256.Hash(encoded);
    }
}

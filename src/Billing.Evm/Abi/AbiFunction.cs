using System.Text;

namespace Billing.Evm.Abi;

/// <summary>A contract function: its canonical signature, 4-byte selector, and call/return codecs.</summary>
public sealed class AbiFunction
{
    private readonly AbiType[] _inputTypes;
    private readonly AbiType[] _outputTypes;
    private readonly byte[] _selector;

    private AbiFunction(string name, IReadOnlyList<AbiParameter> inputs, IReadOnlyList<AbiParameter> outputs)
    {
        Name = name;
        Inputs = inputs;
        Outputs = outputs;
        _inputTypes = inputs.Select(p => p.Type).ToArray();
        _outputTypes = outputs.Select(p => p.Type).ToArray();
        Signature = name + AbiType.Describe(_inputTypes);
        _selector = Selector(Signature);
    }

    public string Name { get; }

    public IReadOnlyList<AbiParameter> Inputs { get; }

    public IReadOnlyList<AbiParameter> Outputs { get; }

    /// <summary>Canonical form, e.g. <c>transfer(address,uint256)</c>.</summary>
    public string Signature { get; }

    public ReadOnlySpan<byte> SelectorBytes => _selector;

    /// <summary>
    /// Parses <c>transfer(address to, uint256 amount)</c>, optionally with outputs as
    /// <c>balanceOf(address) returns (uint256)</c> or cast's <c>balanceOf(address)(uint256)</c>.
    /// </summary>
    public static AbiFunction Parse(string signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        var (name, inputs, outputs) = new AbiSignatureParser(signature).ParseSignature();
        return new AbiFunction(name, inputs, outputs);
    }

    /// <summary>The first four bytes of keccak256 of a canonical signature such as <c>transfer(address,uint256)</c>.</summary>
    public static byte[] Selector(string canonicalSignature)
    {
        ArgumentNullException.ThrowIfNull(canonicalSignature);
        Span<byte> hash = stackalloc byte[Keccak256.HashSize];
        Keccak256.Hash(Encoding.UTF8.GetBytes(canonicalSignature), hash);
        return hash[..4].ToArray();
    }

    public byte[] EncodeCall(params object?[] arguments) => AbiEncoder.EncodeCall(_selector, _inputTypes, arguments);

    /// <summary>Decodes call data produced for this function (selector included and checked).</summary>
    public object?[] DecodeCall(ReadOnlySpan<byte> callData)
    {
        if (callData.Length < 4 || !callData[..4].SequenceEqual(_selector))
        {
            throw new EvmDecodingException($"Call data does not start with the selector of {Signature}.");
        }

        return AbiDecoder.Decode(_inputTypes, callData[4..]);
    }

    public object?[] DecodeOutput(ReadOnlySpan<byte> returnData) => AbiDecoder.Decode(_outputTypes, returnData);

    public override string ToString() => Signature;
}

namespace Billing.Evm.Abi;

/// <summary>A custom Solidity error, <c>error Name(params)</c>: revert data is its selector followed by encoded arguments.</summary>
public sealed class AbiError
{
    private readonly AbiType[] _types;
    private readonly byte[] _selector;

    private AbiError(string name, IReadOnlyList<AbiParameter> inputs)
    {
        Name = name;
        Inputs = inputs;
        _types = inputs.Select(p => p.Type).ToArray();
        Signature = name + AbiType.Describe(_types);
        _selector = AbiFunction.Selector(Signature);
    }

    public string Name { get; }

    public IReadOnlyList<AbiParameter> Inputs { get; }

    public string Signature { get; }

    public ReadOnlySpan<byte> SelectorBytes => _selector;

    public static AbiError Parse(string signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        var (name, inputs, outputs) = new AbiSignatureParser(signature).ParseSignature();
        return outputs.Count == 0 ? new AbiError(name, inputs) : throw new EvmDecodingException("An error has no outputs.");
    }

    public bool Matches(ReadOnlySpan<byte> revertData) => revertData.Length >= 4 && revertData[..4].SequenceEqual(_selector);

    public object?[] DecodeArguments(ReadOnlySpan<byte> revertData) =>
        Matches(revertData)
            ? AbiDecoder.Decode(_types, revertData[4..])
            : throw new EvmDecodingException($"Revert data is not a {Signature} error.");

    public byte[] Encode(params object?[] arguments) => AbiEncoder.EncodeCall(_selector, _types, arguments);

    public override string ToString() => Signature;
}

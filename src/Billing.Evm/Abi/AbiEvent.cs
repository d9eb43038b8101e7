using System.Text;

namespace Billing.Evm.Abi;

/// <summary>
/// An event: topic 0 is keccak256 of its canonical signature; indexed parameters are the following topics and the rest
/// are ABI-encoded in the log data. Indexed parameters of dynamic type are stored as their keccak hash.
/// </summary>
public sealed class AbiEvent
{
    private readonly AbiType[] _dataTypes;

    private AbiEvent(string name, IReadOnlyList<AbiParameter> inputs)
    {
        Name = name;
        Inputs = inputs;
        Signature = name + AbiType.Describe(inputs.Select(p => p.Type));
        Topic = Keccak256.Hash(Encoding.UTF8.GetBytes(Signature));
        _dataTypes = inputs.Where(p => !p.Indexed).Select(p => p.Type).ToArray();
        IndexedCount = inputs.Count(p => p.Indexed);
        if (IndexedCount > 3)
        {
            throw new EvmDecodingException("A non-anonymous event has at most three indexed parameters.");
        }
    }

    public string Name { get; }

    public IReadOnlyList<AbiParameter> Inputs { get; }

    public string Signature { get; }

    /// <summary>Topic 0 of every log this event emits.</summary>
    public Hash32 Topic { get; }

    public int IndexedCount { get; }

    /// <summary>Parses e.g. <c>Transfer(address indexed from, address indexed to, uint256 value)</c>.</summary>
    public static AbiEvent Parse(string signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        var (name, inputs, outputs) = new AbiSignatureParser(signature).ParseSignature();
        return outputs.Count == 0 ? new AbiEvent(name, inputs) : throw new EvmDecodingException("An event has no outputs.");
    }

    /// <summary>keccak256 of a canonical event signature such as <c>Transfer(address,address,uint256)</c>.</summary>
    public static Hash32 TopicOf(string canonicalSignature)
    {
        ArgumentNullException.ThrowIfNull(canonicalSignature);
        return Keccak256.Hash(Encoding.UTF8.GetBytes(canonicalSignature));
    }

    public bool Matches(IReadOnlyList<Hash32> topics)
    {
        ArgumentNullException.ThrowIfNull(topics);
        return topics.Count == IndexedCount + 1 && topics[0] == Topic;
    }

    /// <summary>
    /// Decodes a log into values in declaration order: indexed static values decoded from their topic, indexed dynamic
    /// values as the <see cref="Hash32"/> topic itself, the rest from the data.
    /// </summary>
    public DecodedEvent Decode(IReadOnlyList<Hash32> topics, ReadOnlySpan<byte> data)
    {
        if (!Matches(topics))
        {
            throw new EvmDecodingException($"The log is not a {Signature} event.");
        }

        var fromData = AbiDecoder.Decode(_dataTypes, data);
        var values = new object?[Inputs.Count];
        int topicIndex = 1, dataIndex = 0;
        for (var i = 0; i < Inputs.Count; i++)
        {
            var parameter = Inputs[i];
            if (!parameter.Indexed)
            {
                values[i] = fromData[dataIndex++];
            }
            else if (parameter.Type.IsDynamic || parameter.Type.Kind is AbiTypeKind.Tuple or AbiTypeKind.FixedArray)
            {
                values[i] = topics[topicIndex++];
            }
            else
            {
                values[i] = AbiDecoder.Decode(parameter.Type, topics[topicIndex++].AsSpan());
            }
        }

        return new DecodedEvent(this, values);
    }

    public override string ToString() => Signature;
}

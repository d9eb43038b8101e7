namespace Billing.Evm.Abi;

/// <summary>A decoded log: the values in the event's declaration order, also reachable by parameter name.</summary>
public sealed class DecodedEvent(AbiEvent abiEvent, IReadOnlyList<object?> values)
{
    public AbiEvent Event { get; } = abiEvent;

    public IReadOnlyList<object?> Values { get; } = values;

    public object? this[int index] => Values[index];

    public object? this[string name]
    {
        get
        {
            for (var i = 0; i < Event.Inputs.Count; i++)
            {
                if (Event.Inputs[i].Name == name)
                {
                    return Values[i];
                }
            }

            throw new KeyNotFoundException($"{Event.Signature} has no parameter named '{name}'.");
        }
    }

    public T Get<T>(string name) => (T)this[name]!;
}

namespace Billing.Evm;

/// <summary>
/// Input that claims to be an EVM encoding (hex, RLP, ABI, signature, typed data, raw transaction) is truncated,
/// oversized or malformed. Every decoder in this assembly reports bad input with this type and nothing else.
/// </summary>
public sealed class EvmDecodingException : FormatException
{
    public EvmDecodingException()
    {
    }

    public EvmDecodingException(string message)
        : base(message)
    {
    }

    public EvmDecodingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

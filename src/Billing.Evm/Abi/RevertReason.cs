using System.Numerics;

namespace Billing.Evm.Abi;

/// <summary>Why a call reverted, decoded from its revert data. Decoding never throws: unreadable data is <see cref="RevertKind.Unknown"/>.</summary>
public sealed record RevertReason
{
    private static readonly AbiError ErrorString = AbiError.Parse("Error(string)");
    private static readonly AbiError PanicCode = AbiError.Parse("Panic(uint256)");

    private RevertReason(RevertKind kind, string message, byte[] data)
    {
        Kind = kind;
        Message = message;
        Data = data;
    }

    public RevertKind Kind { get; }

    /// <summary>Human-readable summary, e.g. the require message or <c>ClaimExceedsCeiling()</c>.</summary>
    public string Message { get; }

    /// <summary>The raw revert data.</summary>
    public byte[] Data { get; }

    /// <summary>The first four bytes as 0x hex, or null when there are fewer.</summary>
    public string? Selector => Data.Length >= 4 ? Hex.Encode(Data.AsSpan(0, 4)) : null;

    /// <summary>The custom error definition, for <see cref="RevertKind.Custom"/>.</summary>
    public AbiError? CustomError { get; private init; }

    /// <summary>Decoded arguments of a custom error, in declaration order.</summary>
    public IReadOnlyList<object?> Arguments { get; private init; } = [];

    /// <summary>The code of a <see cref="RevertKind.Panic"/>.</summary>
    public BigInteger? Panic { get; private init; }

    public static RevertReason Decode(ReadOnlySpan<byte> data, IEnumerable<AbiError>? knownErrors = null)
    {
        var copy = data.ToArray();
        if (data.IsEmpty)
        {
            return new RevertReason(RevertKind.Empty, "execution reverted", copy);
        }

        try
        {
            if (ErrorString.Matches(data))
            {
                return new RevertReason(RevertKind.Error, (string)ErrorString.DecodeArguments(data)[0]!, copy);
            }

            if (PanicCode.Matches(data))
            {
                var code = (BigInteger)PanicCode.DecodeArguments(data)[0]!;
                return new RevertReason(RevertKind.Panic, $"panic 0x{code:x2}: {DescribePanic(code)}", copy) { Panic = code };
            }

            foreach (var error in knownErrors ?? [])
            {
                if (error.Matches(data))
                {
                    var arguments = error.DecodeArguments(data);
                    var message = $"{error.Name}({string.Join(", ", arguments.Select(Format))})";
                    return new RevertReason(RevertKind.Custom, message, copy) { CustomError = error, Arguments = arguments };
                }
            }
        }
        catch (EvmDecodingException)
        {
            // Fall through: a selector we know with a body we cannot read is still unknown data.
        }

        var selector = data.Length >= 4 ? Hex.Encode(data[..4]) : Hex.Encode(data);
        return new RevertReason(RevertKind.Unknown, $"unknown revert data (selector {selector})", copy);
    }

    public override string ToString() => Message;

    private static string DescribePanic(BigInteger code) => (int)(code > 0xFF ? 0 : code) switch
    {
        0x01 => "assertion failed",
        0x11 => "arithmetic overflow or underflow",
        0x12 => "division or modulo by zero",
        0x21 => "invalid enum value",
        0x22 => "corrupt storage byte array",
        0x31 => "pop on an empty array",
        0x32 => "array index out of bounds",
        0x41 => "out of memory",
        0x51 => "call to an uninitialised function",
        _ => "unknown panic code",
    };

    private static string Format(object? value) => value switch
    {
        byte[] bytes => Hex.Encode(bytes),
        object?[] items => $"[{string.Join(", ", items.Select(Format))}]",
        null => "null",
        _ => value.ToString() ?? string.Empty,
    };
}

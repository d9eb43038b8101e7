using System.Numerics;

namespace Billing.Evm.Abi;

/// <summary>CLR values to ABI integers and addresses, with range checks against the declared type.</summary>
internal static class AbiValueConversion
{
    public static BigInteger ToInteger(AbiType type, object? value)
    {
        BigInteger integer = value switch
        {
            BigInteger big => big,
            UInt128 u128 => u128,
            Int128 i128 => i128,
            ulong u64 => u64,
            long i64 => i64,
            uint u32 => u32,
            int i32 => i32,
            ushort u16 => u16,
            short i16 => i16,
            byte u8 => u8,
            sbyte i8 => i8,
            _ => throw new ArgumentException($"A {value?.GetType().Name ?? "null"} value cannot be encoded as {type}."),
        };

        if (!Fits(type, integer))
        {
            throw new OverflowException($"{integer} does not fit {type}.");
        }

        return integer;
    }

    public static bool Fits(AbiType type, BigInteger value) => type.Kind == AbiTypeKind.UInt
        ? value.Sign >= 0 && value.GetBitLength() <= type.Size
        : (value.Sign >= 0 ? value.GetBitLength() : (-value - 1).GetBitLength()) <= type.Size - 1;

    public static Address ToAddress(object? value) => value switch
    {
        Address address => address,
        string text => Address.Parse(text),
        _ => throw new ArgumentException($"A {value?.GetType().Name ?? "null"} value cannot be encoded as address."),
    };
}

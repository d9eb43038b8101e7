namespace Billing.Evm.Tests.Support;

/// <summary>For fuzzing decoders: the only acceptable failure is the typed decoding exception.</summary>
internal static class Refusal
{
    /// <summary>Runs <paramref name="decode"/>; returns true if it succeeded, false if it refused with <see cref="EvmDecodingException"/>.</summary>
    public static bool DecodesOrRefuses(Action decode)
    {
        try
        {
            decode();
            return true;
        }
        catch (EvmDecodingException)
        {
            return false;
        }
    }
}

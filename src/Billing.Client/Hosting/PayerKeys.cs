using Billing.Evm;

namespace Billing.Client.Hosting;

/// <summary>Reads a payer key from where an operator keeps it. Messages name the source, never the content.</summary>
internal static class PayerKeys
{
    public static PrivateKey FromFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"The payer key file '{path}' does not exist.");
        }

        return Parse(File.ReadAllText(path), $"the file '{path}'");
    }

    public static PrivateKey FromEnvironment(string variable)
    {
        var value = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidOperationException($"The environment variable '{variable}' holds no payer key.");
        }

        return Parse(value, $"the environment variable '{variable}'");
    }

    private static PrivateKey Parse(string text, string source)
    {
        try
        {
            return PrivateKey.FromHex(text.Trim());
        }
        catch (ArgumentException)
        {
            // PrivateKey's own message never repeats its input; ours names only where the key came from.
            throw new InvalidOperationException($"The payer key in {source} is not 64 hex digits.");
        }
    }
}

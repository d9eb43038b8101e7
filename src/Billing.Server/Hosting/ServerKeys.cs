using Billing.Evm;
using Microsoft.Extensions.Options;

namespace Billing.Server.Hosting;

/// <summary>The server's signing keys, loaded once at start-up.</summary>
public sealed class ServerKeys : IDisposable
{
    public ServerKeys(IOptions<KeyOptions> options)
    {
        var o = options.Value;
        ReceiverAuthorizer = Load(o.ReceiverAuthorizerKeyVariable, o.ReceiverAuthorizerKeyFile, "receiver authorizer", "Keys:ReceiverAuthorizerKeyFile")
            ?? throw new InvalidOperationException(
                $"No receiver authorizer key: set the environment variable {o.ReceiverAuthorizerKeyVariable} or Keys:ReceiverAuthorizerKeyFile.");
        TransactionSender = Load(o.TransactionSenderKeyVariable, o.TransactionSenderKeyFile, "transaction sender", "Keys:TransactionSenderKeyFile")
            ?? ReceiverAuthorizer;
    }

    /// <summary>Signs claim batches and refunds; sends refunds and facilitator transactions.</summary>
    public PrivateKey ReceiverAuthorizer { get; }

    /// <summary>Sends settlement's claim and settle transactions; the receiver authorizer's key unless configured apart.</summary>
    public PrivateKey TransactionSender { get; }

    public void Dispose()
    {
        if (!ReferenceEquals(TransactionSender, ReceiverAuthorizer))
        {
            TransactionSender.Dispose();
        }

        ReceiverAuthorizer.Dispose();
    }

    private static PrivateKey? Load(string variable, string? file, string role, string fileSetting)
    {
        string? hex;
        if (!string.IsNullOrEmpty(file))
        {
            if (!OperatingSystem.IsWindows()
                && (File.GetUnixFileMode(file) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0)
            {
                throw new InvalidOperationException($"The {role} key file '{file}' is readable by other users; chmod 600 it.");
            }

            hex = File.ReadAllText(file).Trim();
        }
        else
        {
            hex = Environment.GetEnvironmentVariable(variable);
        }

        if (string.IsNullOrWhiteSpace(hex))
        {
            return string.IsNullOrEmpty(file)
                ? null
                : throw new InvalidOperationException($"The {role} key file named by {fileSetting} is empty.");
        }

        try
        {
            return PrivateKey.FromHex(hex);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            // Never echo the value: it is a private key, however malformed.
            throw new InvalidOperationException($"The {role} key is not a 32-byte hex private key.");
        }
    }
}

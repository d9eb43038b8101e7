using Billing.Client.Channels;
using Billing.Client.Payments;
using Billing.Evm;

namespace Billing.Client.Hosting;

/// <summary>
/// How <c>AddX402Payer</c> builds the agent: its <see cref="Options"/>, where its key comes from, and where it keeps its
/// channel records. The key is read when the agent is first resolved, never logged, and disposed with the container.
/// </summary>
public sealed class X402PayerSetup
{
    public PayerOptions Options { get; } = new();

    internal Func<IServiceProvider, PrivateKey>? KeySource { get; private set; }

    internal Func<IServiceProvider, IPayerChannelStore>? StoreSource { get; private set; }

    /// <summary>The key is the hex content of a file (64 hex digits, optional 0x; surrounding whitespace ignored).</summary>
    public X402PayerSetup UseKeyFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        KeySource = _ => PayerKeys.FromFile(path);
        return this;
    }

    /// <summary>The key is the hex value of an environment variable.</summary>
    public X402PayerSetup UseKeyFromEnvironment(string variable)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(variable);
        KeySource = _ => PayerKeys.FromEnvironment(variable);
        return this;
    }

    /// <summary>The key comes from the caller (a vault client, a secret store); the container disposes it.</summary>
    public X402PayerSetup UseKey(Func<IServiceProvider, PrivateKey> source)
    {
        ArgumentNullException.ThrowIfNull(source);
        KeySource = source;
        return this;
    }

    /// <summary>Channel records in files under <paramref name="directory"/> (see <see cref="FilePayerChannelStore"/>).</summary>
    public X402PayerSetup UseFileChannelStore(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        StoreSource = _ => new FilePayerChannelStore(directory);
        return this;
    }

    /// <summary>Channel records in a store of the caller's; in memory when nothing is set.</summary>
    public X402PayerSetup UseChannelStore(Func<IServiceProvider, IPayerChannelStore> source)
    {
        ArgumentNullException.ThrowIfNull(source);
        StoreSource = source;
        return this;
    }
}

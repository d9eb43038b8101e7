namespace Billing.LoadGenerator.Load;

/// <summary>One paid operation on a channel with its next pre-signed payment; true when the server accepted and charged it.</summary>
public delegate ValueTask<bool> ChannelOperation<in T>(int channel, T payment);

/// <summary>
/// The same, told the <see cref="System.Diagnostics.Stopwatch"/> timestamp its latency counts from: the send, or in an
/// open loop the due time when the channel was still busy. For operations that time parts of themselves (a stream's
/// first token) without coordinated omission.
/// </summary>
public delegate ValueTask<bool> TimedChannelOperation<in T>(int channel, T payment, long latencyFrom);

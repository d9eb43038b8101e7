namespace Billing.LoadGenerator.Load;

/// <summary>One paid operation on a channel with its next pre-signed payment; true when the server accepted and charged it.</summary>
public delegate ValueTask<bool> ChannelOperation<in T>(int channel, T payment);

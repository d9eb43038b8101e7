namespace Billing.Server.Gateway;

/// <summary>What metering one upstream stream event decided, and the tokens it carries once forwarded.</summary>
public readonly record struct MeteredEvent(MeteredEventKind Kind, ulong Output, ulong Reasoning);

public enum MeteredEventKind
{
    /// <summary>Forwarded to the client; its tokens count as sent once the write succeeded.</summary>
    Forward,

    /// <summary>A chunk that carries nothing but usage: forwarded unless the gateway asked for it on its own.</summary>
    UsageOnly,

    /// <summary>The upstream's <c>[DONE]</c>: held back until the charge event has been sent.</summary>
    Done,

    /// <summary>Its tokens would take the charge past the ceiling: the stream ends before it.</summary>
    CutOff,
}

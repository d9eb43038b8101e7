namespace Billing.Server.Facilitator;

/// <summary>Log events of the facilitator endpoints that have no service of their own to log through.</summary>
internal static partial class FacilitatorLog
{
    [LoggerMessage(Level = LogLevel.Error, Message = "Facilitator {Operation} failed unexpectedly")]
    public static partial void Unexpected(ILogger logger, string operation, Exception exception);
}

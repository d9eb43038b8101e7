namespace Billing.Server.Settlement;

/// <summary>Why a channel is claimed in this run.</summary>
public enum ClaimTrigger
{
    /// <summary>The operator asked to claim everything owed now.</summary>
    Forced = 1,

    /// <summary>The payer initiated a withdrawal: claim before it can finalize.</summary>
    Withdrawal = 2,

    /// <summary>Unclaimed charges reached Settlement:ClaimThreshold.</summary>
    Threshold = 3,

    /// <summary>The oldest unclaimed charge is older than Settlement:MaxAge.</summary>
    Age = 4,
}

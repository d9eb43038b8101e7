namespace Billing.X402;

/// <summary>
/// Every reason string this engine puts in <c>invalidReason</c> / <c>errorReason</c>. Clients and facilitators switch on
/// these exact strings, so they are copied letter for letter from the x402 v2 specification (§9) and from the reference
/// TypeScript packages (<c>@x402/evm</c> 2.27.0), which partly disagree with the specification: both spellings are kept.
/// </summary>
public static class X402ErrorReasons
{
    // Generic reasons of the x402 v2 specification, §9.
    public const string InsufficientFunds = "insufficient_funds";
    public const string InvalidNetwork = "invalid_network";
    public const string InvalidPayload = "invalid_payload";
    public const string InvalidPaymentRequirements = "invalid_payment_requirements";
    public const string InvalidScheme = "invalid_scheme";
    public const string UnsupportedScheme = "unsupported_scheme";
    public const string InvalidX402Version = "invalid_x402_version";
    public const string InvalidTransactionState = "invalid_transaction_state";
    public const string UnexpectedVerifyError = "unexpected_verify_error";
    public const string UnexpectedSettleError = "unexpected_settle_error";

    /// <summary>Broadcast succeeded but no receipt was observed yet: non-terminal, the response carries the transaction hash.</summary>
    public const string SettlementPending = "settlement_pending";

    // `exact` scheme on EVM, as the specification names them.
    public const string ExactEvmPayloadAuthorizationValidAfter = "invalid_exact_evm_payload_authorization_valid_after";
    public const string ExactEvmPayloadAuthorizationValidBefore = "invalid_exact_evm_payload_authorization_valid_before";
    public const string ExactEvmPayloadAuthorizationValueMismatch = "invalid_exact_evm_payload_authorization_value_mismatch";

    /// <summary>The v1 specification's name for a value mismatch.</summary>
    public const string ExactEvmPayloadAuthorizationValueV1 = "invalid_exact_evm_payload_authorization_value";
    public const string ExactEvmPayloadSignature = "invalid_exact_evm_payload_signature";
    public const string ExactEvmPayloadRecipientMismatch = "invalid_exact_evm_payload_recipient_mismatch";
    public const string ExactEvmPayloadUndeployedSmartWallet = "invalid_exact_evm_payload_undeployed_smart_wallet";

    // `exact` scheme on EVM, as the reference code emits them (identical across its TS and Go SDKs).
    public const string ExactEvmScheme = "invalid_exact_evm_scheme";
    public const string ExactEvmNetworkMismatch = "invalid_exact_evm_network_mismatch";
    public const string ExactEvmMissingEip712Domain = "invalid_exact_evm_missing_eip712_domain";
    public const string ExactEvmRecipientMismatch = "invalid_exact_evm_recipient_mismatch";
    public const string ExactEvmSignature = "invalid_exact_evm_signature";
    public const string ExactEvmFailedToParseSignature = "invalid_exact_evm_failed_to_parse_signature";
    public const string ExactEvmAuthorizationValue = "invalid_exact_evm_authorization_value";
    public const string ExactEvmNonceAlreadyUsed = "invalid_exact_evm_nonce_already_used";
    public const string ExactEvmInsufficientBalance = "invalid_exact_evm_insufficient_balance";
    public const string ExactEvmTokenNameMismatch = "invalid_exact_evm_token_name_mismatch";
    public const string ExactEvmTokenVersionMismatch = "invalid_exact_evm_token_version_mismatch";
    public const string ExactEvmEip3009NotSupported = "invalid_exact_evm_eip3009_not_supported";
    public const string ExactEvmTransactionSimulationFailed = "invalid_exact_evm_transaction_simulation_failed";
    public const string ExactEvmTransactionFailed = "invalid_exact_evm_transaction_failed";
    public const string ExactEvmTransferEventMismatch = "invalid_exact_evm_transfer_event_mismatch";

    // `exact` scheme paid through Permit2 (reference code; no `invalid_` prefix there).
    public const string Permit2AllowanceRequired = "permit2_allowance_required";
    public const string Permit2DeadlineExpired = "permit2_deadline_expired";
    public const string Permit2NotYetValid = "permit2_not_yet_valid";
    public const string Permit2AmountMismatch = "permit2_amount_mismatch";
    public const string Permit2TokenMismatch = "permit2_token_mismatch";
    public const string Permit2SimulationFailed = "permit2_simulation_failed";
    public const string Permit2InsufficientBalance = "permit2_insufficient_balance";
    public const string Permit2ProxyNotDeployed = "permit2_proxy_not_deployed";
    public const string Permit2InvalidAmount = "permit2_invalid_amount";
    public const string Permit2InvalidDestination = "permit2_invalid_destination";
    public const string Permit2InvalidOwner = "permit2_invalid_owner";
    public const string Permit2PaymentTooEarly = "permit2_payment_too_early";
    public const string Permit2InvalidNonce = "permit2_invalid_nonce";
    public const string Permit2Eip2612AmountMismatch = "permit2_2612_amount_mismatch";

    // `batch-settlement` scheme on EVM: `invalid_batch_settlement_evm_` + suffix (batch-settlement.md §3.7).
    private const string Bs = "invalid_batch_settlement_evm_";

    public const string BatchChannelNotFound = Bs + "channel_not_found";
    public const string BatchTokenMismatch = Bs + "token_mismatch";
    public const string BatchVoucherSignature = Bs + "voucher_signature";
    public const string BatchCumulativeExceedsBalance = Bs + "cumulative_exceeds_balance";
    public const string BatchCumulativeBelowClaimed = Bs + "cumulative_below_claimed";
    public const string BatchInsufficientBalance = Bs + "insufficient_balance";
    public const string BatchDepositTransactionFailed = Bs + "deposit_transaction_failed";
    public const string BatchClaimTransactionFailed = Bs + "claim_transaction_failed";
    public const string BatchSettleTransactionFailed = Bs + "settle_transaction_failed";
    public const string BatchRefundTransactionFailed = Bs + "refund_transaction_failed";
    public const string BatchDepositSimulationFailed = Bs + "deposit_simulation_failed";
    public const string BatchClaimSimulationFailed = Bs + "claim_simulation_failed";
    public const string BatchSettleSimulationFailed = Bs + "settle_simulation_failed";
    public const string BatchRefundSimulationFailed = Bs + "refund_simulation_failed";
    public const string BatchScheme = Bs + "scheme";
    public const string BatchNetworkMismatch = Bs + "network_mismatch";
    public const string BatchMissingEip712Domain = Bs + "missing_eip712_domain";
    public const string BatchPayloadAuthorizationValidBefore = Bs + "payload_authorization_valid_before";
    public const string BatchPayloadAuthorizationValidAfter = Bs + "payload_authorization_valid_after";
    public const string BatchReceiveAuthorizationSignature = Bs + "receive_authorization_signature";
    public const string BatchErc3009AuthorizationRequired = Bs + "erc3009_authorization_required";
    public const string BatchPayloadType = Bs + "payload_type";
    public const string BatchWithdrawDelayOutOfRange = Bs + "withdraw_delay_out_of_range";
    public const string BatchWithdrawDelayMismatch = Bs + "withdraw_delay_mismatch";
    public const string BatchChannelIdMismatch = Bs + "channel_id_mismatch";
    public const string BatchChannelIdInvalid = Bs + "channel_id_invalid";
    public const string BatchReceiverMismatch = Bs + "receiver_mismatch";
    public const string BatchReceiverAuthorizerMismatch = Bs + "receiver_authorizer_mismatch";
    public const string BatchAuthorizerAddressMismatch = Bs + "authorizer_address_mismatch";
    public const string BatchAuthorizerNotConfigured = Bs + "authorizer_not_configured";
    public const string BatchDepositBelowMinDeposit = Bs + "deposit_below_min_deposit";
    public const string BatchEip6492FactoryNotAllowed = Bs + "eip6492_factory_not_allowed";
    public const string BatchSmartWalletDeploymentFailed = Bs + "smart_wallet_deployment_failed";
    public const string BatchNothingToSettle = Bs + "nothing_to_settle";
    public const string BatchRefundPayload = Bs + "refund_payload";
    public const string BatchRpcReadFailed = Bs + "rpc_read_failed";
    public const string BatchPermit2AuthorizationRequired = Bs + "permit2_authorization_required";
    public const string BatchPermit2InvalidSpender = Bs + "permit2_invalid_spender";
    public const string BatchPermit2AmountMismatch = Bs + "permit2_amount_mismatch";
    public const string BatchPermit2DeadlineExpired = Bs + "permit2_deadline_expired";
    public const string BatchPermit2InvalidSignature = Bs + "permit2_invalid_signature";
    public const string BatchPermit2AllowanceRequired = Bs + "permit2_allowance_required";
    public const string BatchEip2612AmountMismatch = Bs + "eip2612_amount_mismatch";
    public const string BatchErc20ApprovalUnavailable = Bs + "erc20_approval_unavailable";
    public const string BatchCumulativeAmountMismatch = Bs + "cumulative_amount_mismatch";
    public const string BatchChannelBusy = Bs + "channel_busy";
    public const string BatchVerificationStateUnavailable = Bs + "verification_state_unavailable";
    public const string BatchChargeExceedsSignedCumulative = Bs + "charge_exceeds_signed_cumulative";
    public const string BatchMissingChannel = Bs + "missing_channel";
    public const string BatchRefundNoBalance = Bs + "refund_no_balance";
    public const string BatchRefundAmountInvalid = Bs + "refund_amount_invalid";
}

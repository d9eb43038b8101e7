using Billing.Core.Pricing;

namespace Billing.Server.Gateway;

/// <summary>Upper bounds on one request's prompt and completion tokens, and the kinds they are priced as.</summary>
public readonly record struct InferenceBounds(TokenKind PromptKind, ulong PromptTokens, TokenKind CompletionKind, ulong CompletionTokens);

namespace Serverless.Vault.Core.Quotas;

/// <summary>
/// One client's request counted against a quota: whether it may pass, and what the rate-limit headers report.
/// <see cref="RetryAfterSeconds"/> and <see cref="ResetSeconds"/> are rounded up, so a client that waits that long
/// is let through. <see cref="Blocked"/> marks a refusal because the client is serving a block_interval.
/// </summary>
public readonly record struct RateDecision(bool Allowed, long Limit, long Remaining, int ResetSeconds, int RetryAfterSeconds, bool Blocked);

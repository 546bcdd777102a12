using Azure.Core;
using Azure.Core.Pipeline;

namespace Serverless.Vault.Azure.KeyVault;

/// <summary>
/// A few quick retries for transient failures, but none when the service sent Retry-After: Azure.Core would sleep
/// for the whole Retry-After inside the call (Key Vault throttling asks for seconds), which would hold every waiting
/// request. The seal reports Retry-After instead and the UnsealCoordinator waits without blocking anyone.
/// </summary>
internal sealed class SealRetryPolicy(int maxRetries)
    : RetryPolicy(maxRetries, DelayStrategy.CreateExponentialDelayStrategy(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(2)))
{
    protected override bool ShouldRetry(HttpMessage message, Exception? exception) =>
        !HasRetryAfter(message) && base.ShouldRetry(message, exception);

    protected override async ValueTask<bool> ShouldRetryAsync(HttpMessage message, Exception? exception) =>
        !HasRetryAfter(message) && await base.ShouldRetryAsync(message, exception).ConfigureAwait(false);

    private static bool HasRetryAfter(HttpMessage message) =>
        message.HasResponse && RetryAfterHeader.Parse(message.Response, DateTimeOffset.UtcNow) is not null;
}

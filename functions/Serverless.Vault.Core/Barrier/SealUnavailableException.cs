namespace Serverless.Vault.Core.Barrier;

/// <summary>The seal could not wrap or unwrap (denied, throttled, failing, timed out or the wrong key): stay sealed.</summary>
public sealed class SealUnavailableException(string message, TimeSpan? retryAfter = null, Exception? innerException = null)
    : Exception(message, innerException)
{
    /// <summary>How long the seal asked us to wait (Retry-After), when it said.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Serverless.Vault.Core.Barrier;

/// <summary>
/// Unseals the barrier on demand from the request pipeline: one attempt at a time, shared by concurrent callers, and
/// exponential backoff after a failure so that a throttled or failing seal (Key Vault) is not hammered by every request.
/// It only reads storage and calls the seal; it never writes while sealed.
/// </summary>
public sealed class UnsealCoordinator
{
    private readonly IBarrier _barrier;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private Task<bool>? _attempt;
    private DateTimeOffset _nextAttemptAt = DateTimeOffset.MinValue;
    private int _failures;

    public UnsealCoordinator(IBarrier barrier, TimeProvider? timeProvider = null, ILogger<UnsealCoordinator>? logger = null)
    {
        _barrier = barrier ?? throw new ArgumentNullException(nameof(barrier));
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger<UnsealCoordinator>.Instance;
    }

    /// <summary>The wait after the first failure; it doubles with each further failure.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The longest wait between attempts, Retry-After included: a bogus Retry-After must not keep the vault sealed for
    /// hours, and two minutes stays well inside Key Vault's 10-second throttling windows many times over.
    /// </summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>When the next unseal attempt may run; <see cref="DateTimeOffset.MinValue"/> when not backing off.</summary>
    public DateTimeOffset NextAttemptAt
    {
        get
        {
            lock (_lock)
            {
                return _nextAttemptAt;
            }
        }
    }

    /// <summary>True when the barrier is unsealed, possibly after unsealing it now; false while sealed or backing off.</summary>
    public Task<bool> TryEnsureUnsealedAsync(CancellationToken cancellationToken)
    {
        if (!_barrier.IsSealed)
        {
            return Task.FromResult(true);
        }

        Task<bool> attempt;
        lock (_lock)
        {
            if (_attempt is null || _attempt.IsCompleted)
            {
                if (_time.GetUtcNow() < _nextAttemptAt)
                {
                    return Task.FromResult(false);
                }

                // The shared attempt ignores any one caller's cancellation, so a caller that gives up cannot fail it
                // for the others; each caller stops waiting on its own token below.
                _attempt = AttemptAsync();
            }

            attempt = _attempt;
        }

        return attempt.WaitAsync(cancellationToken);
    }

    private async Task<bool> AttemptAsync()
    {
        await Task.Yield(); // Run outside the caller's lock.
        try
        {
            if (!await _barrier.IsInitializedAsync(CancellationToken.None).ConfigureAwait(false))
            {
                return false; // Nothing to unseal; sys/init is the way out, so no backoff is needed.
            }

            await _barrier.UnsealAsync(CancellationToken.None).ConfigureAwait(false);
            lock (_lock)
            {
                (_failures, _nextAttemptAt) = (0, DateTimeOffset.MinValue);
            }

            _logger.LogInformation("Unsealed the vault");
            return true;
        }
        catch (SealUnavailableException ex)
        {
            var delay = RecordFailure(ex.RetryAfter);
            _logger.LogWarning(ex, "The seal is unavailable; staying sealed and retrying in {Delay}", delay);
            return false;
        }
        catch (Exception ex)
        {
            // Storage trouble or a corrupt record: same treatment, so a failing dependency is not called per request.
            var delay = RecordFailure(null);
            _logger.LogError(ex, "Unsealing failed; staying sealed and retrying in {Delay}", delay);
            return false;
        }
    }

    private TimeSpan RecordFailure(TimeSpan? retryAfter)
    {
        lock (_lock)
        {
            _failures++;
            var exponential = InitialBackoff.TotalMilliseconds * Math.Pow(2, Math.Min(_failures - 1, 30));
            var capped = Math.Min(exponential, MaxBackoff.TotalMilliseconds);
            // Equal jitter: half fixed, half random, so instances that failed together do not retry together.
            var jittered = TimeSpan.FromMilliseconds(capped / 2 + Random.Shared.NextDouble() * capped / 2);
            var delay = retryAfter is { } asked && asked > jittered ? asked : jittered;
            if (delay > MaxBackoff)
            {
                delay = MaxBackoff;
            }

            _nextAttemptAt = _time.GetUtcNow() + delay;
            return delay;
        }
    }
}

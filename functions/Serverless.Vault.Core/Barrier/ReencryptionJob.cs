using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Barrier;

/// <summary>
/// Moves every value written under an older keyring term to the newest term, so that a retired key stops protecting
/// anything. Walks the tree in ordinal key order and checkpoints the last key done, so a run that is cut short (a timer
/// invocation's time limit) resumes where it stopped. Several instances may run it at once: each value is rewritten
/// with its own ETag, and the checkpoint with its ETag.
/// </summary>
public sealed class ReencryptionJob
{
    private readonly AesGcmBarrier _barrier;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public ReencryptionJob(IBarrier barrier, TimeProvider? timeProvider = null, ILogger<ReencryptionJob>? logger = null)
    {
        _barrier = barrier as AesGcmBarrier
            ?? throw new ArgumentException($"Re-encryption works on the {nameof(AesGcmBarrier)}'s value format.", nameof(barrier));
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger<ReencryptionJob>.Instance;
    }

    /// <summary>How many keys are processed between checkpoint writes: the most work a crash can make us repeat.</summary>
    public int CheckpointInterval { get; init; } = 100;

    /// <summary>
    /// How old the newest term must be before a run starts. Another instance may keep writing under the old term until
    /// its keyring passes <see cref="AesGcmBarrier.KeyringMaxAge"/>; a walk that already passed such a value would call
    /// the job complete while it stays on the old term. Twice that budget (clock skew included) closes the gap; zero,
    /// the default, runs at once (single instance, tests).
    /// </summary>
    public TimeSpan MinimumTermAge { get; init; } = TimeSpan.Zero;

    /// <summary>
    /// Runs until every value is under the newest term (returns true) or the token is cancelled (throws). Returns false
    /// without doing anything while the newest term is younger than <see cref="MinimumTermAge"/>.
    /// </summary>
    public async Task<bool> RunAsync(CancellationToken cancellationToken)
    {
        // Re-read the keyring so we target the term another instance may just have installed.
        var target = await _barrier.GetActiveTermAsync(forceReload: true, cancellationToken).ConfigureAwait(false);
        var installed = (await _barrier.GetKeyStatusAsync(cancellationToken).ConfigureAwait(false)).InstallTime;
        if (_time.GetUtcNow() < installed + MinimumTermAge)
        {
            _logger.LogInformation("Re-encryption to term {Term} waits until every instance has picked the term up", target);
            return false;
        }

        var state = await ReadStateAsync(target, cancellationToken).ConfigureAwait(false);
        if (state.Checkpoint.Completed)
        {
            return true;
        }

        _logger.LogInformation("Re-encrypting to term {Term}, resuming after {LastKey}", target, state.Checkpoint.LastKey);
        try
        {
            await WalkAsync("", state, target, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Progress made so far is saved even when the run is cancelled or fails.
            await SaveAsync(state, completed: false, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        await SaveAsync(state, completed: true, CancellationToken.None).ConfigureAwait(false);
        _logger.LogInformation("Re-encryption to term {Term} completed: {Count} values moved", target, state.Checkpoint.Reencrypted);
        return true;
    }

    /// <summary>The job's progress towards the newest term, as sys/key-status reports it.</summary>
    public async Task<ReencryptionProgress> GetProgressAsync(CancellationToken cancellationToken) =>
        (await _barrier.GetKeyStatusAsync(cancellationToken).ConfigureAwait(false)).Reencryption;

    private async Task WalkAsync(string prefix, JobState state, int target, CancellationToken cancellationToken)
    {
        var children = (await _barrier.Physical.ListAsync(prefix, cancellationToken).ConfigureAwait(false))
            .Order(StringComparer.Ordinal);
        foreach (var child in children)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var key = prefix + child;
            var lastKey = state.Checkpoint.LastKey;
            if (child.EndsWith('/'))
            {
                if (BarrierPaths.IsReserved(key))
                {
                    continue; // The audit rows: plain text, possibly millions of them.
                }

                // A folder name ends in '/', a prefix of all its keys, so ordinal order of names is ordinal order of
                // full keys: a folder wholly before the checkpoint is done and skipped.
                if (lastKey is null || string.CompareOrdinal(key, lastKey) > 0 || lastKey.StartsWith(key, StringComparison.Ordinal))
                {
                    await WalkAsync(key, state, target, cancellationToken).ConfigureAwait(false);
                }

                continue;
            }

            if (lastKey is not null && string.CompareOrdinal(key, lastKey) <= 0)
            {
                continue;
            }

            if (!IsExcluded(key) && await ReencryptAsync(key, target, cancellationToken).ConfigureAwait(false))
            {
                state.Pending++;
            }

            state.Checkpoint = state.Checkpoint with { LastKey = key };
            if (++state.SinceSave >= CheckpointInterval)
            {
                await SaveAsync(state, completed: false, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private static bool IsExcluded(string key) =>
        BarrierPaths.IsReserved(key) || key == BarrierPaths.ReencryptionCheckpoint;

    /// <summary>Rewrites one value under the target term; false when it needed nothing or someone else rewrote it.</summary>
    private async Task<bool> ReencryptAsync(string key, int target, CancellationToken cancellationToken)
    {
        var entry = await _barrier.Physical.GetAsync(key, cancellationToken).ConfigureAwait(false);
        byte[] plaintext;
        try
        {
            if (entry is null || BarrierValueFormat.ReadTerm(key, entry.Value) >= target)
            {
                return false;
            }

            plaintext = await _barrier.DecryptAsync(key, entry.Value, cancellationToken).ConfigureAwait(false);
        }
        catch (BarrierDecryptionException ex)
        {
            // Leave a corrupt value as it is (it stays unreadable either way) rather than stall the whole job on it.
            _logger.LogError(ex, "Cannot re-encrypt {Key}: its value does not decrypt", key);
            return false;
        }

        try
        {
            var ciphertext = _barrier.Encrypt(key, plaintext);
            await _barrier.Physical.PutAsync(key, ciphertext, PutCondition.IfMatch(entry.ETag), CancellationToken.None).ConfigureAwait(false);
            return true;
        }
        catch (StorageConflictException)
        {
            return false; // Written or deleted since we read it: the new value is already under a current term.
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    private async Task<JobState> ReadStateAsync(int target, CancellationToken cancellationToken)
    {
        var entry = await _barrier.Storage.GetAsync(BarrierPaths.ReencryptionCheckpoint, cancellationToken).ConfigureAwait(false);
        var stored = entry is null ? null : ReencryptionCheckpoint.Parse(entry.Value);
        var checkpoint = stored is not null && stored.TargetTerm == target
            ? stored
            : new ReencryptionCheckpoint(target, null, 0, false, null); // A new rotation starts the walk over.
        return new JobState { Checkpoint = checkpoint, ETag = entry?.ETag };
    }

    /// <summary>
    /// Writes the checkpoint with its ETag. On a conflict another run saved meanwhile: merge (the further key wins,
    /// since each run's last key means "everything up to here is done"; counts add) and try again.
    /// </summary>
    private async Task SaveAsync(JobState state, bool completed, CancellationToken cancellationToken)
    {
        while (true)
        {
            var toSave = state.Checkpoint with
            {
                Reencrypted = state.Checkpoint.Reencrypted + state.Pending,
                Completed = completed || state.Checkpoint.Completed,
                CompletedTime = completed ? state.Checkpoint.CompletedTime ?? _time.GetUtcNow() : state.Checkpoint.CompletedTime,
            };
            var condition = state.ETag is null ? PutCondition.NotExists : PutCondition.IfMatch(state.ETag);
            try
            {
                state.ETag = await _barrier.Storage.PutAsync(BarrierPaths.ReencryptionCheckpoint, toSave.ToBytes(), condition, cancellationToken).ConfigureAwait(false);
                (state.Checkpoint, state.Pending, state.SinceSave) = (toSave, 0, 0);
                return;
            }
            catch (StorageConflictException)
            {
                var entry = await _barrier.Storage.GetAsync(BarrierPaths.ReencryptionCheckpoint, cancellationToken).ConfigureAwait(false);
                var theirs = entry is null ? null : ReencryptionCheckpoint.Parse(entry.Value);
                state.ETag = entry?.ETag;
                if (theirs is null || theirs.TargetTerm < state.Checkpoint.TargetTerm)
                {
                    continue; // Deleted, or left over from an older rotation: overwrite it.
                }

                if (theirs.TargetTerm > state.Checkpoint.TargetTerm)
                {
                    return; // A newer rotation's run owns the checkpoint now; it will cover what we did not.
                }

                state.Checkpoint = state.Checkpoint with
                {
                    LastKey = string.CompareOrdinal(theirs.LastKey, state.Checkpoint.LastKey) > 0 ? theirs.LastKey : state.Checkpoint.LastKey,
                    Reencrypted = theirs.Reencrypted,
                    Completed = theirs.Completed,
                    CompletedTime = theirs.CompletedTime,
                };
            }
        }
    }

    /// <summary>One run's progress: the checkpoint as last saved or merged, plus what this run did since.</summary>
    private sealed class JobState
    {
        public required ReencryptionCheckpoint Checkpoint { get; set; }

        public string? ETag { get; set; }

        public long Pending { get; set; }

        public int SinceSave { get; set; }
    }
}

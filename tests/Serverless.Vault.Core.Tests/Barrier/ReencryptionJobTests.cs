using Microsoft.Extensions.Time.Testing;
using Serverless.Vault.Core.Barrier;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Tests.Barrier;

public sealed class ReencryptionJobTests
{
    // Names chosen so that ordinal order of full keys differs from a naive order of segments ('-' < '/' < 'a').
    private static readonly string[] Keys =
    [
        "a", "a-b", "a/b", "a/b/c", "a/c", "ab", "logical/m1/x", "logical/m1/y/z", "logical/m2/k", "sys/policy/root", "z",
    ];

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
    private readonly RecordingStorage _physical = new(new InMemoryStorage());

    [Fact]
    public async Task Run_AfterRotations_MovesEveryValueToNewestTerm()
    {
        using var barrier = await TestBarriers.InitializedAsync(_physical, time: _time);
        await WriteAllAsync(barrier, "v", Keys[..5]);
        await barrier.RotateAsync(CancellationToken.None);
        await WriteAllAsync(barrier, "v", Keys[5..]);
        await barrier.RotateAsync(CancellationToken.None);
        var keyringETag = (await _physical.GetAsync("core/keyring", CancellationToken.None))!.ETag;
        var rootKeyETag = (await _physical.GetAsync("core/root-key", CancellationToken.None))!.ETag;
        var job = new ReencryptionJob(barrier, _time);

        Assert.False((await barrier.GetKeyStatusAsync(CancellationToken.None)).Reencryption.Completed);
        Assert.True(await job.RunAsync(CancellationToken.None));

        foreach (var key in Keys)
        {
            Assert.Equal(3, await TestBarriers.TermOfAsync(_physical, key));
            Assert.Equal("v" + key, await barrier.Storage.GetStringAsync(key));
        }

        var progress = (await barrier.GetKeyStatusAsync(CancellationToken.None)).Reencryption;
        Assert.Equal(new ReencryptionProgress(3, true, Keys.Length, "z", _time.GetUtcNow()), progress);
        Assert.Equal(keyringETag, (await _physical.GetAsync("core/keyring", CancellationToken.None))!.ETag);
        Assert.Equal(rootKeyETag, (await _physical.GetAsync("core/root-key", CancellationToken.None))!.ETag);
    }

    [Fact]
    public async Task Run_AlreadyCompleted_WritesNothing()
    {
        using var barrier = await TestBarriers.InitializedAsync(_physical, time: _time);
        await WriteAllAsync(barrier, "v", Keys);
        await barrier.RotateAsync(CancellationToken.None);
        var job = new ReencryptionJob(barrier, _time);
        await job.RunAsync(CancellationToken.None);
        _physical.Clear();

        Assert.True(await job.RunAsync(CancellationToken.None));

        Assert.Empty(_physical.Puts);
        Assert.True((await job.GetProgressAsync(CancellationToken.None)).Completed);
    }

    [Fact]
    public async Task Run_CancelledThenRerun_ResumesAfterCheckpoint()
    {
        using var barrier = await TestBarriers.InitializedAsync(_physical, time: _time);
        await WriteAllAsync(barrier, "v", Keys);
        await barrier.RotateAsync(CancellationToken.None);
        using var cts = new CancellationTokenSource();
        var moved = 0;
        _physical.AfterPut = key =>
        {
            if (!key.StartsWith("core/", StringComparison.Ordinal) && ++moved == 4)
            {
                cts.Cancel();
            }

            return Task.CompletedTask;
        };
        var job = new ReencryptionJob(barrier, _time) { CheckpointInterval = 3 };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => job.RunAsync(cts.Token));

        var partial = await job.GetProgressAsync(CancellationToken.None);
        Assert.False(partial.Completed);
        Assert.Equal(4, partial.Reencrypted);
        Assert.Equal(Keys[3], partial.LastKey); // "a/b/c": the fourth key in ordinal order
        _physical.AfterPut = null;
        _physical.Clear();

        Assert.True(await job.RunAsync(CancellationToken.None));

        var readAgain = _physical.Gets.Where(k => !k.StartsWith("core/", StringComparison.Ordinal)).ToList();
        Assert.Equal(Keys[4..], readAgain);
        Assert.Equal(Keys.Length, (await job.GetProgressAsync(CancellationToken.None)).Reencrypted);
        foreach (var key in Keys)
        {
            Assert.Equal(2, await TestBarriers.TermOfAsync(_physical, key));
        }
    }

    [Fact]
    public async Task Run_TwoInstancesConcurrentlyWithWriter_LoseNothing()
    {
        var keys = Enumerable.Range(0, 300).Select(i => $"logical/m{i % 7}/k{i:D3}").ToArray();
        using var a = await TestBarriers.InitializedAsync(_physical, time: _time);
        using var b = TestBarriers.Over(_physical, time: _time);
        await b.UnsealAsync(CancellationToken.None);
        await WriteAllAsync(a, "old-", keys);
        await a.RotateAsync(CancellationToken.None);
        var jobA = new ReencryptionJob(a, _time) { CheckpointInterval = 7 };
        var jobB = new ReencryptionJob(b, _time) { CheckpointInterval = 5 };
        var updated = keys.Where((_, i) => i % 3 == 0).ToArray();

        await Task.WhenAll(
            Task.Run(() => jobA.RunAsync(CancellationToken.None)),
            Task.Run(() => jobB.RunAsync(CancellationToken.None)),
            Task.Run(() => WriteAllAsync(a, "new-", updated)));

        foreach (var key in keys)
        {
            var expected = (updated.Contains(key) ? "new-" : "old-") + key;
            Assert.Equal(expected, await b.Storage.GetStringAsync(key));
            Assert.Equal(2, await TestBarriers.TermOfAsync(_physical, key));
        }

        var progress = await jobA.GetProgressAsync(CancellationToken.None);
        Assert.True(progress.Completed);
        Assert.Equal(2, progress.TargetTerm);
    }

    [Fact]
    public async Task Run_NewRotationAfterCompletion_StartsOver()
    {
        using var barrier = await TestBarriers.InitializedAsync(_physical, time: _time);
        await WriteAllAsync(barrier, "v", Keys);
        await barrier.RotateAsync(CancellationToken.None);
        var job = new ReencryptionJob(barrier, _time);
        await job.RunAsync(CancellationToken.None);

        await barrier.RotateAsync(CancellationToken.None);
        Assert.Equal(new ReencryptionProgress(3, false, 0, null, null), await job.GetProgressAsync(CancellationToken.None));
        await job.RunAsync(CancellationToken.None);

        Assert.Equal(3, await TestBarriers.TermOfAsync(_physical, "a/b/c"));
        Assert.Equal(Keys.Length, (await job.GetProgressAsync(CancellationToken.None)).Reencrypted);
    }

    [Fact]
    public async Task Run_CorruptValues_AreSkippedWithoutStallingTheJob()
    {
        using var barrier = await TestBarriers.InitializedAsync(_physical, time: _time);
        await WriteAllAsync(barrier, "v", Keys);
        await barrier.RotateAsync(CancellationToken.None);
        await _physical.PutAsync("a/b", new byte[] { 0, 0, 0, 1 }, PutCondition.None, CancellationToken.None); // truncated
        var tampered = (await _physical.GetAsync("ab", CancellationToken.None))!.Value;
        tampered[^1] ^= 1;
        await _physical.PutAsync("ab", tampered, PutCondition.None, CancellationToken.None);

        Assert.True(await new ReencryptionJob(barrier, _time).RunAsync(CancellationToken.None));

        Assert.Equal(2, await TestBarriers.TermOfAsync(_physical, "z"));
        Assert.Equal(1, await TestBarriers.TermOfAsync(_physical, "ab"));
        Assert.Equal(Keys.Length - 2, (await barrier.GetKeyStatusAsync(CancellationToken.None)).Reencryption.Reencrypted);
    }

    [Fact]
    public async Task Run_WhileSealed_ThrowsAndWritesNothing()
    {
        using var barrier = await TestBarriers.InitializedAsync(_physical, time: _time);
        barrier.Seal();
        _physical.Clear();

        await Assert.ThrowsAsync<SealedException>(() => new ReencryptionJob(barrier, _time).RunAsync(CancellationToken.None));
        Assert.Empty(_physical.Puts);
    }

    [Fact]
    public async Task Run_TermYoungerThanMinimumAge_WaitsAndWritesNothing()
    {
        using var barrier = await TestBarriers.InitializedAsync(_physical, time: _time);
        await WriteAllAsync(barrier, "v", Keys);
        await barrier.RotateAsync(CancellationToken.None);
        _time.Advance(barrier.KeyringMaxAge);
        _physical.Clear();
        var job = new ReencryptionJob(barrier, _time) { MinimumTermAge = 2 * barrier.KeyringMaxAge };

        Assert.False(await job.RunAsync(CancellationToken.None));
        Assert.Empty(_physical.Puts);

        _time.Advance(barrier.KeyringMaxAge);
        Assert.True(await job.RunAsync(CancellationToken.None));
        Assert.Equal(2, await TestBarriers.TermOfAsync(_physical, "z"));
    }

    private static async Task WriteAllAsync(AesGcmBarrier barrier, string prefix, IEnumerable<string> keys)
    {
        foreach (var key in keys)
        {
            await barrier.Storage.PutAsync(key, prefix + key);
        }
    }
}

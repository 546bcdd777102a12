namespace Serverless.Vault.Bench.Database;

/// <summary>Storage write round trips by kind; subtract two snapshots to count what happened in between.</summary>
internal sealed record WriteCounts(long Puts, long Deletes, long Commits)
{
    public long Total => Puts + Deletes + Commits;

    public static WriteCounts operator -(WriteCounts after, WriteCounts before) =>
        new(after.Puts - before.Puts, after.Deletes - before.Deletes, after.Commits - before.Commits);
}

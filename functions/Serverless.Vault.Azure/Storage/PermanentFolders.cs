using System.Collections.Concurrent;

namespace Serverless.Vault.Azure.Storage;

/// <summary>
/// Folders whose markers are never deleted (<see cref="TableStorageOptions.PermanentFolders"/>), and which of them this
/// process has seen through a whole marker walk. A permanent folder's marker, once written, stays; so do its
/// ancestors' markers, because each sits in a partition that holds the marker below it and is never empty. After one
/// walk of its own has upserted a permanent folder and every folder above it, a writer can stop its later walks
/// there: one request to the Table service per folder level saved on every write below it.
/// <para>
/// A process walks each permanent folder again every <see cref="RewalkInterval"/> all the same. That repairs, within
/// the interval, a marker removed by something that does not treat the folder as permanent (an instance of an
/// earlier version during a rolling upgrade, a hand-made cleanup): the re-encryption job finds data by listing down
/// from the root, so every marker on the way must exist.
/// </para>
/// </summary>
internal sealed class PermanentFolders(IEnumerable<string> folders, TimeProvider time)
{
    /// <summary>How long a walk through a permanent folder lets this process skip the markers from it up.</summary>
    public static readonly TimeSpan RewalkInterval = TimeSpan.FromMinutes(5);

    private readonly HashSet<string> _folders = new(folders.Select(f => f.TrimEnd('/')), StringComparer.Ordinal);

    /// <summary>When (<see cref="TimeProvider.GetTimestamp"/>) this process last walked each permanent folder.</summary>
    private readonly ConcurrentDictionary<string, long> _walkedAt = new(StringComparer.Ordinal);

    public static PermanentFolders None { get; } = new([], TimeProvider.System);

    /// <summary>True for a folder (as <see cref="TableKeyCodec.AncestorsOf"/> names it) whose marker is never deleted.</summary>
    public bool IsPermanent(string folder) => _folders.Contains(folder);

    /// <summary>True within <see cref="RewalkInterval"/> of a walk of this process that upserted the folder's marker and every one above it.</summary>
    public bool WasWalked(string folder) =>
        _walkedAt.TryGetValue(folder, out var at) && time.GetElapsedTime(at) < RewalkInterval;

    /// <summary>Records the permanent folders of a walk that upserted every marker from them to the top.</summary>
    public void Walked(IEnumerable<string> folders)
    {
        var now = time.GetTimestamp();
        foreach (var folder in folders)
        {
            _walkedAt[folder] = now;
        }
    }
}

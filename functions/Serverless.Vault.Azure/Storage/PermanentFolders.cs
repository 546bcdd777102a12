using System.Collections.Concurrent;

namespace Serverless.Vault.Azure.Storage;

/// <summary>
/// Folders whose markers are never deleted (<see cref="TableStorageOptions.PermanentFolders"/>), and which of them this
/// process has seen through a whole marker walk. A permanent folder's marker, once written, stays; so do its
/// ancestors' markers, because each sits in a partition that holds the marker below it and is never empty. After one
/// walk of its own has upserted a permanent folder and every folder above it, a writer can stop its later walks
/// there: one request to the Table service per folder level saved on every write below it.
/// </summary>
internal sealed class PermanentFolders(IEnumerable<string> folders)
{
    private readonly HashSet<string> _folders = new(folders.Select(f => f.TrimEnd('/')), StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _walked = new(StringComparer.Ordinal);

    public static PermanentFolders None { get; } = new([]);

    /// <summary>True for a folder (as <see cref="TableKeyCodec.AncestorsOf"/> names it) whose marker is never deleted.</summary>
    public bool IsPermanent(string folder) => _folders.Contains(folder);

    /// <summary>True once a walk of this process upserted the folder's marker and every marker above it.</summary>
    public bool WasWalked(string folder) => _walked.ContainsKey(folder);

    /// <summary>Records the permanent folders of a walk that upserted every marker from them to the top.</summary>
    public void Walked(IEnumerable<string> folders)
    {
        foreach (var folder in folders)
        {
            _walked.TryAdd(folder, 0);
        }
    }
}

using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Serverless.Vault.Core.Barrier;
using Serverless.Vault.Core.Engines.Cubbyhole;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Storage;
using Serverless.Vault.Core.System;
using Serverless.Vault.Core.Tokens;

namespace Serverless.Vault.Core.Mounts;

/// <summary>
/// Finds the mount with the longest matching prefix and the backend path inside it. The system backend is routed
/// without reading storage, so sys/health and sys/seal-status answer while sealed.
/// </summary>
public sealed class MountRouter(
    MountStore mounts,
    SystemBackend system,
    TokenBackend tokens,
    CubbyholeBackend cubbyhole,
    BackendRegistry registry,
    IBarrier barrier,
    TimeProvider time,
    ILoggerFactory loggerFactory)
{
    private readonly ConcurrentDictionary<string, LoadedBackend> _backends = new(StringComparer.Ordinal);

    /// <summary>Backends built so far; with <see cref="_checked"/> it tells whether a removal check can be skipped.</summary>
    private int _loads;

    /// <summary>The table and load count of the last removal check.</summary>
    private volatile CheckedTable? _checked;

    /// <summary>The built-in mounts, routed without reading the mount table.</summary>
    private readonly (MountEntry Mount, IBackend Backend)[] _builtIns =
        [(SystemMount.Sys, system), (SystemMount.Token, tokens), (SystemMount.Cubbyhole, cubbyhole)];

    /// <summary>The path of a built-in mount (sys/, auth/token/, cubbyhole/) matching <paramref name="path"/>, or null.</summary>
    public PathMatch? MatchBuiltIn(string path)
    {
        foreach (var (mount, backend) in _builtIns)
        {
            if (Relative(mount, path) is { } relative)
            {
                return backend.Paths.Match(relative);
            }
        }

        return null;
    }

    /// <summary>
    /// The request scoped to its mount, and the matched path. A ValueTask: built-in paths and a cached mount table
    /// complete at once, and this runs on every request.
    /// </summary>
    public async ValueTask<RoutedRequest> RouteAsync(VaultRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        foreach (var (builtIn, backend) in _builtIns)
        {
            if (Relative(builtIn, request.Path) is { } builtInPath)
            {
                var builtInMatch = backend.Paths.Match(builtInPath) ?? throw VaultException.UnsupportedPath(request.Path);
                return new(Scope(request, builtIn, builtInPath, view: null), builtInMatch);
            }
        }

        var entries = await mounts.GetAsync(cancellationToken).ConfigureAwait(false);
        ForgetRemoved(entries);
        var mount = LongestMount(entries, request.Path) ?? throw VaultException.UnsupportedPath(request.Path);
        var relative = Relative(mount, request.Path)!;
        var loaded = Load(mount);
        var match = loaded.Backend.Paths.Match(relative) ?? throw VaultException.UnsupportedPath(request.Path);
        return new(Scope(request, mount, relative, loaded.View), match);
    }

    /// <summary>
    /// The mount with this UUID and its backend, or null when no such mount is enabled. A UUID missing from the cached
    /// table is looked up again in storage: a mount enabled moments ago on another instance is not "gone".
    /// </summary>
    public async Task<(MountEntry Mount, IBackend Backend)?> BackendForMountAsync(string uuid, CancellationToken cancellationToken)
    {
        var entries = await mounts.GetAsync(cancellationToken).ConfigureAwait(false);
        if (!entries.Any(e => e.Uuid == uuid))
        {
            entries = await mounts.GetFreshAsync(cancellationToken).ConfigureAwait(false);
        }

        ForgetRemoved(entries);
        var mount = entries.FirstOrDefault(e => e.Uuid == uuid);
        return mount is null ? null : (mount, BackendFor(mount));
    }

    /// <summary>Every enabled mount of one type with its backend, for jobs that work across mounts (static-role rotation).</summary>
    public async Task<IReadOnlyList<(MountEntry Mount, IBackend Backend)>> BackendsOfTypeAsync(string type, CancellationToken cancellationToken)
    {
        var entries = await mounts.GetAsync(cancellationToken).ConfigureAwait(false);
        ForgetRemoved(entries);
        return [.. entries.Where(e => e.Type == type).Select(e => (e, BackendFor(e)))];
    }

    /// <summary>Drops cached backends (and the key material they cache) of mounts that were disabled.</summary>
    private void ForgetRemoved(IReadOnlyList<MountEntry> entries)
    {
        // This runs on every request, and counting a concurrent dictionary takes all of its locks. The table is the same
        // list instance until it changes, and every backend built bumps _loads after it is added, so while neither
        // changed since the last check there is nothing new to drop. The pair is read and written as one snapshot.
        var loads = Volatile.Read(ref _loads);
        if (_checked is { } last && ReferenceEquals(last.Table, entries) && last.Loads == loads)
        {
            return;
        }

        ForgetRemovedNow(entries);
        _checked = new CheckedTable(entries, loads);
    }

    private void ForgetRemovedNow(IReadOnlyList<MountEntry> entries)
    {
        if (_backends.Count <= entries.Count)
        {
            return;
        }

        var live = entries.Select(e => e.Uuid).ToHashSet(StringComparer.Ordinal);
        foreach (var uuid in _backends.Keys.Where(uuid => !live.Contains(uuid)))
        {
            _backends.TryRemove(uuid, out _);
        }
    }

    /// <summary>The mount with the longest path that <paramref name="path"/> is under (the first of equals), or null.</summary>
    private static MountEntry? LongestMount(IReadOnlyList<MountEntry> entries, string path)
    {
        MountEntry? longest = null;
        foreach (var entry in entries)
        {
            if ((longest is null || entry.Path.Length > longest.Path.Length) && IsUnder(entry, path))
            {
                longest = entry;
            }
        }

        return longest;
    }

    /// <summary>What <see cref="Relative"/> tests, without making the relative path.</summary>
    private static bool IsUnder(MountEntry mount, string path) =>
        path.StartsWith(mount.Path, StringComparison.Ordinal) || IsMountItself(mount, path);

    /// <summary>
    /// The path below the mount, or null when the path is not under it ("secret" counts as under "secret/"). Runs for
    /// each built-in mount on every request, so a miss allocates nothing.
    /// </summary>
    internal static string? Relative(MountEntry mount, string path) =>
        path.StartsWith(mount.Path, StringComparison.Ordinal) ? path[mount.Path.Length..]
        : IsMountItself(mount, path) ? ""
        : null;

    /// <summary>Whether <c>path + "/"</c> is the mount's path ("secret" for "secret/"), without building that string.</summary>
    private static bool IsMountItself(MountEntry mount, string path) =>
        path.Length + 1 == mount.Path.Length && mount.Path.EndsWith('/') && mount.Path.StartsWith(path, StringComparison.Ordinal);

    /// <summary>The request scoped to the mount; built-in mounts (no <paramref name="view"/>) get no mount storage.</summary>
    private static VaultRequest Scope(VaultRequest request, MountEntry mount, string relative, StorageView? view) => request with
    {
        OriginalPath = request.Path,
        Path = relative,
        Mount = mount,
        // Built-in backends keep their state in core storage through their own services, not in a mount view.
        Storage = view is null ? null : new RequestReadCache(view),
    };

    private IBackend BackendFor(MountEntry mount) => Load(mount).Backend;

    private LoadedBackend Load(MountEntry mount)
    {
        // A tuned or re-read entry replaces the backend, so backends may rely on the entry they were built with.
        if (_backends.TryGetValue(mount.Uuid, out var loaded))
        {
            if (ReferenceEquals(loaded.Mount, mount))
            {
                return loaded;
            }

            if (SameEntry(loaded.Mount, mount))
            {
                // Every re-read of the table makes new entry objects; remember this one, so that the requests until the
                // next re-read compare references instead of serialising both entries each time.
                var current = loaded with { Mount = mount };
                _backends.TryUpdate(mount.Uuid, current, loaded);
                return current;
            }
        }

        // The view holds no state of its own (the barrier's storage and the mount's prefix, both fixed for the entry),
        // so the backend and every request to the mount share one instead of building and validating one per request.
        var view = new StorageView(barrier.Storage, mount.StoragePrefix);
        var backend = registry.Create(new BackendContext(mount, view, time, loggerFactory));
        var created = new LoadedBackend(mount, backend, view);
        _backends[mount.Uuid] = created;
        Interlocked.Increment(ref _loads);
        return created;
    }

    private static bool SameEntry(MountEntry a, MountEntry b) =>
        StoredJson.Serialize(a).AsSpan().SequenceEqual(StoredJson.Serialize(b));

    private sealed record CheckedTable(IReadOnlyList<MountEntry> Table, int Loads);

    private sealed record LoadedBackend(MountEntry Mount, IBackend Backend, StorageView View);
}

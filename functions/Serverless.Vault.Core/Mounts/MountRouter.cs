using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Serverless.Vault.Core.Barrier;
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
    BackendRegistry registry,
    IBarrier barrier,
    TimeProvider time,
    ILoggerFactory loggerFactory)
{
    private readonly ConcurrentDictionary<string, LoadedBackend> _backends = new(StringComparer.Ordinal);

    /// <summary>The built-in mounts, routed without reading the mount table.</summary>
    private (MountEntry Mount, IBackend Backend)[] BuiltIns => [(SystemMount.Sys, system), (SystemMount.Token, tokens)];

    /// <summary>The path of a built-in mount (sys/, auth/token/) matching <paramref name="path"/>, or null.</summary>
    public PathMatch? MatchBuiltIn(string path)
    {
        foreach (var (mount, backend) in BuiltIns)
        {
            if (Relative(mount, path) is { } relative)
            {
                return backend.Paths.Match(relative);
            }
        }

        return null;
    }

    public async Task<RoutedRequest> RouteAsync(VaultRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        foreach (var (builtIn, backend) in BuiltIns)
        {
            if (Relative(builtIn, request.Path) is { } builtInPath)
            {
                var builtInMatch = backend.Paths.Match(builtInPath) ?? throw VaultException.UnsupportedPath(request.Path);
                return new(Scope(request, builtIn, builtInPath, builtIn: true), builtInMatch);
            }
        }

        var entries = await mounts.GetAsync(cancellationToken).ConfigureAwait(false);
        ForgetRemoved(entries);
        var mount = entries
            .Where(e => Relative(e, request.Path) is not null)
            .MaxBy(e => e.Path.Length) ?? throw VaultException.UnsupportedPath(request.Path);
        var relative = Relative(mount, request.Path)!;
        var match = BackendFor(mount).Paths.Match(relative) ?? throw VaultException.UnsupportedPath(request.Path);
        return new(Scope(request, mount, relative, builtIn: false), match);
    }

    /// <summary>Drops cached backends (and the key material they cache) of mounts that were disabled.</summary>
    private void ForgetRemoved(IReadOnlyList<MountEntry> entries)
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

    /// <summary>The path below the mount, or null when the path is not under it ("secret" counts as under "secret/").</summary>
    internal static string? Relative(MountEntry mount, string path) =>
        path.StartsWith(mount.Path, StringComparison.Ordinal) ? path[mount.Path.Length..]
        : path + "/" == mount.Path ? ""
        : null;

    private VaultRequest Scope(VaultRequest request, MountEntry mount, string relative, bool builtIn) => request with
    {
        OriginalPath = request.Path,
        Path = relative,
        Mount = mount,
        // Built-in backends keep their state in core storage through their own services, not in a mount view.
        Storage = builtIn ? null : new RequestReadCache(new StorageView(barrier.Storage, mount.StoragePrefix)),
    };

    private IBackend BackendFor(MountEntry mount)
    {
        // A tuned or re-read entry replaces the backend, so backends may rely on the entry they were built with.
        if (_backends.TryGetValue(mount.Uuid, out var loaded) && SameEntry(loaded.Mount, mount))
        {
            return loaded.Backend;
        }

        var context = new BackendContext(mount, new StorageView(barrier.Storage, mount.StoragePrefix), time, loggerFactory);
        var backend = registry.Create(context);
        _backends[mount.Uuid] = new LoadedBackend(mount, backend);
        return backend;
    }

    private static bool SameEntry(MountEntry a, MountEntry b) =>
        ReferenceEquals(a, b) || StoredJson.Serialize(a).AsSpan().SequenceEqual(StoredJson.Serialize(b));

    private sealed record LoadedBackend(MountEntry Mount, IBackend Backend);
}

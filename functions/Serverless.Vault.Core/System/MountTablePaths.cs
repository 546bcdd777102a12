using System.Text.Json.Nodes;
using Serverless.Vault.Core.Barrier;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Leases;
using Serverless.Vault.Core.Mounts;
using Serverless.Vault.Core.Quotas;
using Serverless.Vault.Core.Security;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.System;

/// <summary>
/// One mount table's paths under sys/: list, enable, read, disable and tune. sys/mounts serves secrets engines and
/// sys/auth auth methods (<see cref="MountsPaths"/>, <see cref="AuthPaths"/>); they differ only in
/// <see cref="MountTable"/>.
/// </summary>
public abstract class MountTablePaths(MountTable table, MountStore mounts, BackendRegistry registry, IBarrier barrier, LeaseRevoker leases, QuotaStore quotas)
{
    private static readonly Field<string> PathField = Fields.String("path", "The mount path, e.g. \"secret/\".");
    private static readonly Field<string> Type = Fields.String("type", "The engine type, e.g. \"kv\".");
    private static readonly Field<string> Description = Fields.String("description", "A human-friendly description.");
    private static readonly Field<JsonObject?> Config = Fields.Map("config", "Mount settings (default_lease_ttl, max_lease_ttl, ...).");
    private static readonly Field<IReadOnlyDictionary<string, string>?> Options = Fields.StringMap("options", "Engine options, e.g. {\"version\":\"2\"} for KV.");
    private static readonly Field<bool> Local = Fields.Bool("local", "Not replicated (accepted for compatibility).");
    private static readonly Field<bool> SealWrap = Fields.Bool("seal_wrap", "Accepted for compatibility.");
    private static readonly Field<string> PluginName = Fields.String("plugin_name", "Accepted for compatibility.");
    private static readonly Field<string> PluginVersion = Fields.String("plugin_version", "Accepted for compatibility.");
    private static readonly Field<bool> ExternalEntropy = Fields.Bool("external_entropy_access", "Accepted for compatibility.");

    public IEnumerable<PathSpec> Paths =>
    [
        new PathSpec(table.Root)
        {
            Handlers = { [Operation.Read] = ListAsync },
            CopyDataToTopLevel = true,
            Synopsis = $"List the mounted {table.Noun}s.",
        },
        new PathSpec(table.Root + "/{*path}")
        {
            Fields = [PathField, Type, Description, Config, Options, Local, SealWrap, PluginName, PluginVersion, ExternalEntropy],
            Handlers = { [Operation.Read] = ReadAsync, [Operation.Update] = EnableAsync, [Operation.Delete] = DisableAsync },
            CopyDataToTopLevel = true,
            Synopsis = $"Enable, read or disable a {table.Noun} at a path.",
        },
        new PathSpec(table.Root + "/{*path}/tune")
        {
            Fields = [PathField, Description, Options, .. MountConfigFields.All],
            Handlers = { [Operation.Read] = ReadTuneAsync, [Operation.Update] = TuneAsync },
            CopyDataToTopLevel = true,
            Synopsis = "Read or tune a mount's settings.",
        },
    ];

    /// <summary>"secret" and "secret/" name the same mount.</summary>
    internal static string Normalize(string path) => path.Trim('/') + "/";

    /// <summary>The router path of a mount given as the client names it ("approle" is "auth/approle/" in sys/auth).</summary>
    private string FullPath(RequestContext context) => table.Prefix + Normalize(context.Get(PathField));

    private async Task<VaultResponse?> ListAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var data = new JsonObject();
        foreach (var builtIn in table.BuiltIns)
        {
            data[builtIn.Path[table.Prefix.Length..]] = MountJson.Describe(builtIn);
        }

        foreach (var mount in (await mounts.GetAsync(cancellationToken).ConfigureAwait(false)).Where(m => m.Kind == table.Kind))
        {
            data[mount.Path[table.Prefix.Length..]] = MountJson.Describe(mount);
        }

        return VaultResponse.WithData(data);
    }

    private async Task<VaultResponse?> ReadAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var mount = await FindAsync(context, cancellationToken).ConfigureAwait(false);
        return VaultResponse.WithData(MountJson.Describe(mount));
    }

    private async Task<VaultResponse?> EnableAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var path = FullPath(context);
        var type = context.Get(Type);
        var options = context.Get(Options);
        if (type == "kv-v2")
        {
            // Vault's alias: a KV mount with version 2.
            type = "kv";
            options = new Dictionary<string, string>(options ?? new Dictionary<string, string>()) { ["version"] = "2" };
        }

        if (type.Length == 0)
        {
            throw VaultException.InvalidRequest("missing required field \"type\"");
        }

        if (!registry.IsKnown(type, table.Kind))
        {
            throw VaultException.InvalidRequest($"plugin not found in the catalog: {type}");
        }

        registry.ValidateOptions(type, null, options);

        var entry = new MountEntry
        {
            Path = path,
            Type = type,
            Description = context.Get(Description),
            Uuid = RandomIds.Uuid(),
            Accessor = RandomIds.MountAccessor(type),
            Kind = table.Kind,
            Config = MountConfigFields.FromMap(context.Get(Config)),
            Options = options,
            Local = context.Get(Local),
            SealWrap = context.Get(SealWrap),
        };
        await mounts.UpdateAsync(
            current =>
            {
                EnsureFree(current, path);
                return [.. current, entry];
            },
            cancellationToken).ConfigureAwait(false);
        return null;
    }

    private async Task<VaultResponse?> DisableAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var path = FullPath(context);
        EnsureNotBuiltIn(path, "unmount");

        // As in Vault, a mount's leases (an auth method's: its tokens) are revoked first; if one cannot be, the mount
        // stays and the error says why.
        if ((await mounts.GetAsync(cancellationToken).ConfigureAwait(false)).Any(m => m.Path == path && m.Kind == table.Kind))
        {
            await leases.RevokePrefixAsync(path, force: false, cancellationToken).ConfigureAwait(false);
        }

        MountEntry? removed = null;
        await mounts.UpdateAsync(
            current =>
            {
                removed = current.FirstOrDefault(m => m.Path == path && m.Kind == table.Kind);
                return removed is null ? current : [.. current.Where(m => m != removed)];
            },
            cancellationToken).ConfigureAwait(false);

        // Unknown paths succeed too, as in Vault: disabling does not reveal whether a mount existed.
        if (removed is not null)
        {
            // As in Vault, the mount's quotas go with it, so a mount enabled later at the same path starts without them.
            await quotas.RemoveMountAsync(removed.Path, CancellationToken.None).ConfigureAwait(false);
            await StorageTree.DeleteAsync(barrier.Storage, removed.StoragePrefix, CancellationToken.None).ConfigureAwait(false);
        }

        return null;
    }

    private async Task<VaultResponse?> ReadTuneAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var mount = await FindAsync(context, cancellationToken).ConfigureAwait(false);
        var data = new JsonObject
        {
            ["default_lease_ttl"] = MountDefaults.EffectiveDefaultTtl(mount.Config),
            ["max_lease_ttl"] = MountDefaults.EffectiveMaxTtl(mount.Config),
            ["force_no_cache"] = mount.Config.ForceNoCache,
            ["description"] = mount.Description,
            ["options"] = MountJson.Options(mount.Options),
        };
        foreach (var (key, value) in MountJson.Describe(mount)["config"]!.AsObject().Where(p => !data.ContainsKey(p.Key)))
        {
            data[key] = value?.DeepClone();
        }

        return VaultResponse.WithData(data);
    }

    private async Task<VaultResponse?> TuneAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var path = FullPath(context);
        EnsureNotBuiltIn(path, "tune");
        await mounts.UpdateAsync(
            current =>
            {
                var mount = current.FirstOrDefault(m => m.Path == path && m.Kind == table.Kind) ?? throw NoMount(path);
                var options = MergeOptions(mount.Options, context.Get(Options));
                registry.ValidateOptions(mount.Type, mount.Options, options);
                var tuned = mount with
                {
                    Config = MountConfigFields.Apply(mount.Config, context.Input),
                    Description = context.GetOr(Description, mount.Description),
                    Options = options,
                };
                return [.. current.Select(m => m == mount ? tuned : m)];
            },
            cancellationToken).ConfigureAwait(false);
        return null;
    }

    private async Task<MountEntry> FindAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var path = FullPath(context);
        if (table.BuiltIns.FirstOrDefault(b => b.Path == path) is { } builtIn)
        {
            return builtIn;
        }

        var all = await mounts.GetAsync(cancellationToken).ConfigureAwait(false);
        return all.FirstOrDefault(m => m.Path == path && m.Kind == table.Kind) ?? throw NoMount(path);
    }

    /// <summary>Vault's refusal to unmount or tune the mounts it keeps itself (sys/, cubbyhole/).</summary>
    private void EnsureNotBuiltIn(string path, string action)
    {
        if (table.BuiltIns.Any(b => b.Path == path))
        {
            throw VaultException.InvalidRequest($"cannot {action} \"{path[table.Prefix.Length..]}\"");
        }
    }

    /// <summary>Throws unless <paramref name="path"/> is free: not reserved, not taken, not nested in or around a mount.</summary>
    private void EnsureFree(IReadOnlyList<MountEntry> current, string path)
    {
        if (path == table.Prefix || path.StartsWith(table.BuiltIn.Path, StringComparison.Ordinal))
        {
            throw VaultException.InvalidRequest($"cannot mount at \"{path[table.Prefix.Length..]}\": \"{table.BuiltIn.Path[table.Prefix.Length..]}\" is reserved");
        }

        foreach (var reserved in table.Kind == MountKind.Secret ? SystemMount.ReservedPrefixes : [])
        {
            if (path.StartsWith(reserved, StringComparison.Ordinal) || reserved.StartsWith(path, StringComparison.Ordinal))
            {
                throw VaultException.InvalidRequest($"cannot mount at \"{path}\": \"{reserved}\" is reserved");
            }
        }

        var clash = current.FirstOrDefault(m =>
            path.StartsWith(m.Path, StringComparison.Ordinal) || m.Path.StartsWith(path, StringComparison.Ordinal));
        if (clash is not null)
        {
            throw VaultException.InvalidRequest($"path is already in use at {clash.Path}");
        }
    }

    private static IReadOnlyDictionary<string, string>? MergeOptions(IReadOnlyDictionary<string, string>? current, IReadOnlyDictionary<string, string>? changes)
    {
        if (changes is null)
        {
            return current;
        }

        var merged = new Dictionary<string, string>(current ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var (key, value) in changes)
        {
            merged[key] = value;
        }

        return merged;
    }

    private VaultException NoMount(string path) => VaultException.InvalidRequest($"{table.NoMountMessage} {path[table.Prefix.Length..]}");
}

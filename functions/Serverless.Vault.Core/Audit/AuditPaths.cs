using System.Text.Json.Nodes;
using Serverless.Vault.Core.Audit.Devices;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.System;

namespace Serverless.Vault.Core.Audit;

/// <summary>sys/audit (list, enable, disable; sudo) and sys/audit-hash (a value as a device's entries show it).</summary>
internal sealed class AuditPaths(AuditStore store, AuditDeviceFactory factory) : ISystemPaths
{
    private static readonly Field<string> PathField = Fields.String("path", "The device path, e.g. \"file\".");
    private static readonly Field<string> Type = Fields.String("type", "The device type: file, stdout or table.");
    private static readonly Field<string> Description = Fields.String("description", "A human-friendly description.");
    private static readonly Field<IReadOnlyDictionary<string, string>?> Options =
        Fields.StringMap("options", "Device options: file_path, mode, prefix, log_raw, hmac_accessor, elide_list_responses, format.");
    private static readonly Field<bool> Local = Fields.Bool("local", "Not replicated (accepted for compatibility).");
    private static readonly Field<string> Input = Fields.String("input", "The value to hash.");

    public IEnumerable<PathSpec> Paths =>
    [
        new PathSpec("audit")
        {
            Handlers = { [Operation.Read] = ListAsync },
            Sudo = true,
            CopyDataToTopLevel = true,
            Synopsis = "List the enabled audit devices.",
        },
        new PathSpec("audit/{*path}")
        {
            Fields = [PathField, Type, Description, Options, Local],
            Handlers = { [Operation.Update] = EnableAsync, [Operation.Delete] = DisableAsync },
            Sudo = true,
            CopyDataToTopLevel = true,
            Synopsis = "Enable or disable an audit device.",
            Description = "Types: file (file_path below the server's Vault:Audit:FileRoot, or \"stdout\"/\"discard\"; mode, default 0600), stdout, table.",
        },
        new PathSpec("audit-hash/{*path}")
        {
            Fields = [PathField, Input],
            Handlers = { [Operation.Update] = HashAsync },
            CopyDataToTopLevel = true,
            Synopsis = "The HMAC of a value as the audit device's entries show it.",
        },
    ];

    /// <summary>"file" and "file/" name the same device.</summary>
    private static string Normalize(string path) => path.Trim('/') + "/";

    private async Task<VaultResponse?> ListAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var data = new JsonObject();
        foreach (var entry in await store.GetFreshAsync(cancellationToken).ConfigureAwait(false))
        {
            data[entry.Path] = new JsonObject
            {
                ["type"] = entry.Type,
                ["description"] = entry.Description,
                ["options"] = new JsonObject(entry.Options.Select(o => KeyValuePair.Create(o.Key, (JsonNode?)o.Value))),
                ["local"] = entry.Local,
                ["path"] = entry.Path,
            };
        }

        return VaultResponse.WithData(data);
    }

    private async Task<VaultResponse?> EnableAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var path = Normalize(context.Get(PathField));
        var type = context.Get(Type);
        if (path == "/")
        {
            throw VaultException.InvalidRequest("backend path must be specified");
        }

        if (type.Length == 0)
        {
            throw VaultException.InvalidRequest($"type is required: one of {AuditDeviceFactory.KnownTypes}");
        }

        var entry = new AuditDeviceEntry
        {
            Path = path,
            Type = type,
            Description = context.Get(Description),
            Options = context.Get(Options) ?? new Dictionary<string, string>(),
            Local = context.Get(Local),
            Uuid = Guid.NewGuid().ToString("D"),
            Salt = Guid.NewGuid().ToString("D"),
        };
        EnsureFree(await store.GetFreshAsync(cancellationToken).ConfigureAwait(false), path);
        AuditDeviceSettings.Parse(entry.Options);

        // The device is opened once here, so an enable that could never record fails now with a 400.
        factory.Create(entry).Dispose();
        await store.UpdateAsync(current => EnsureFree(current, path).Append(entry).ToArray(), cancellationToken).ConfigureAwait(false);
        return null;
    }

    private async Task<VaultResponse?> DisableAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var path = Normalize(context.Get(PathField));

        // As Vault: disabling a device that is not enabled succeeds and changes nothing.
        if ((await store.GetFreshAsync(cancellationToken).ConfigureAwait(false)).Any(e => e.Path == path))
        {
            await store.UpdateAsync(current => current.Where(e => e.Path != path).ToArray(), cancellationToken).ConfigureAwait(false);
        }

        return null;
    }

    private async Task<VaultResponse?> HashAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var path = Normalize(context.Get(PathField));
        var entry = (await store.GetFreshAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(e => e.Path == path)
            ?? throw VaultException.InvalidRequest($"unknown audit backend \"{path}\"");
        return VaultResponse.WithData(new JsonObject { ["hash"] = AuditHasher.Hmac(entry.Salt, context.Get(Input)) });
    }

    /// <summary>A device path may neither equal nor contain nor sit inside another's, as in Vault.</summary>
    private static IReadOnlyList<AuditDeviceEntry> EnsureFree(IReadOnlyList<AuditDeviceEntry> table, string path) =>
        table.Any(e => e.Path.StartsWith(path, StringComparison.Ordinal) || path.StartsWith(e.Path, StringComparison.Ordinal))
            ? throw VaultException.InvalidRequest($"path already in use at \"{path}\"")
            : table;
}

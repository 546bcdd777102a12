using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Policies;

namespace Serverless.Vault.Core.System;

/// <summary>
/// ACL policies under both of Vault's paths: the legacy sys/policy (field "rules", copied to the top level) and
/// sys/policies/acl (field "policy").
/// </summary>
public sealed class PolicyPaths(PolicyStore policies)
{
    private static readonly Field<string> Name = Fields.String("name", "The policy's name (lower-cased).");
    private static readonly Field<string> PolicyText = Fields.String("policy", "The policy document: HCL, JSON, or base64 of either.");
    private static readonly Field<string> Rules = Fields.String("rules", "Legacy name of \"policy\".");

    public IEnumerable<PathSpec> Paths =>
    [
        new PathSpec("policy")
        {
            Handlers = { [Operation.Read] = ListLegacyAsync, [Operation.List] = ListLegacyAsync },
            CopyDataToTopLevel = true,
            Synopsis = "List the ACL policies.",
        },
        new PathSpec("policy/{name}")
        {
            Fields = [Name, PolicyText, Rules],
            Handlers = { [Operation.Read] = ReadLegacyAsync, [Operation.Update] = WriteAsync, [Operation.Delete] = DeleteAsync },
            CopyDataToTopLevel = true,
            Synopsis = "Read, write or delete an ACL policy (legacy path).",
        },
        new PathSpec("policies/acl")
        {
            Handlers = { [Operation.List] = ListAsync },
            Synopsis = "List the ACL policies.",
        },
        new PathSpec("policies/acl/{name}")
        {
            Fields = [Name, PolicyText],
            Handlers = { [Operation.Read] = ReadAsync, [Operation.Update] = WriteAsync, [Operation.Delete] = DeleteAsync },
            Synopsis = "Read, write or delete an ACL policy.",
            Description = "The policy is HCL or JSON; a parse error answers 400 with its line and column.",
        },
    ];

    private async Task<VaultResponse?> ListLegacyAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var names = Json(await policies.ListAsync(cancellationToken).ConfigureAwait(false));
        return VaultResponse.WithData(new JsonObject { ["keys"] = names, ["policies"] = names.DeepClone() });
    }

    private async Task<VaultResponse?> ListAsync(RequestContext context, CancellationToken cancellationToken) =>
        VaultResponse.WithData(new JsonObject { ["keys"] = Json(await policies.ListAsync(cancellationToken).ConfigureAwait(false)) });

    private async Task<VaultResponse?> ReadLegacyAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var stored = await ReadStoredAsync(context, cancellationToken).ConfigureAwait(false);
        return stored is null ? null : VaultResponse.WithData(new JsonObject { ["name"] = stored.Name, ["rules"] = stored.Text });
    }

    private async Task<VaultResponse?> ReadAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var stored = await ReadStoredAsync(context, cancellationToken).ConfigureAwait(false);
        return stored is null ? null : VaultResponse.WithData(new JsonObject { ["name"] = stored.Name, ["policy"] = stored.Text });
    }

    private async Task<StoredPolicy?> ReadStoredAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var name = NameOf(context);
        return name == PolicyStore.Root
            ? new StoredPolicy(PolicyStore.Root, "")
            : await policies.ReadAsync(name, cancellationToken).ConfigureAwait(false);
    }

    private async Task<VaultResponse?> WriteAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var warnings = new List<string>();
        var text = context.Get(PolicyText);
        if (text.Length == 0 && context.Input.Has(Rules))
        {
            text = context.Get(Rules);
            warnings.Add("'rules' is deprecated, please use 'policy' instead");
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            throw VaultException.InvalidRequest("'policy' parameter not supplied or empty");
        }

        var given = context.Get(Name);
        var name = NameOf(context);
        if (!string.Equals(given, name, StringComparison.Ordinal))
        {
            warnings.Add($"policy name was converted to \"{name}\"");
        }

        await policies.WriteAsync(name, text, cancellationToken).ConfigureAwait(false);
        return warnings.Count == 0 ? null : VaultResponse.WithWarnings(warnings);
    }

    private async Task<VaultResponse?> DeleteAsync(RequestContext context, CancellationToken cancellationToken)
    {
        await policies.DeleteAsync(NameOf(context), cancellationToken).ConfigureAwait(false);
        return null;
    }

    private static string NameOf(RequestContext context)
    {
        try
        {
            return PolicyNames.Normalize(context.Get(Name));
        }
        catch (ArgumentException error)
        {
            throw VaultException.InvalidRequest(error.Message);
        }
    }

    private static JsonArray Json(IEnumerable<string> names) => new(names.Select(n => (JsonNode?)n).ToArray());
}

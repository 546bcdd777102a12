using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.PasswordPolicies;

namespace Serverless.Vault.Core.System;

/// <summary>sys/policies/password: password policies (length and charset rules) and passwords generated from them.</summary>
public sealed class PasswordPolicyPaths(PasswordPolicyStore policies)
{
    private static readonly Field<string> Name = Fields.String("name", "The password policy's name.");
    private static readonly Field<string> PolicyText = Fields.String("policy", "The policy: HCL, JSON, or base64 of either.");

    public IEnumerable<PathSpec> Paths =>
    [
        new PathSpec("policies/password")
        {
            Handlers = { [Operation.List] = ListAsync },
            Synopsis = "List the password policies.",
        },
        new PathSpec("policies/password/{name}")
        {
            Fields = [Name, PolicyText],
            Handlers = { [Operation.Read] = ReadAsync, [Operation.Update] = WriteAsync, [Operation.Delete] = DeleteAsync },
            Synopsis = "Read, write or delete a password policy.",
            Description = "length = 4..100 and one or more rule \"charset\" { charset = \"...\" min-chars = N }; an unusable policy answers 400.",
        },
        new PathSpec("policies/password/{name}/generate")
        {
            Fields = [Name],
            Handlers = { [Operation.Read] = GenerateAsync },
            Synopsis = "Generate a password from a password policy.",
        },
    ];

    private async Task<VaultResponse?> ListAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var names = await policies.ListAsync(cancellationToken).ConfigureAwait(false);
        return names.Count == 0 ? null : VaultResponse.WithData(new JsonObject { ["keys"] = new JsonArray(names.Select(n => (JsonNode?)n).ToArray()) });
    }

    private async Task<VaultResponse?> ReadAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var stored = await policies.ReadAsync(context.Get(Name), cancellationToken).ConfigureAwait(false);
        return stored is null ? null : VaultResponse.WithData(new JsonObject { ["policy"] = stored.Policy });
    }

    private async Task<VaultResponse?> WriteAsync(RequestContext context, CancellationToken cancellationToken)
    {
        await policies.WriteAsync(context.Get(Name), context.Get(PolicyText), cancellationToken).ConfigureAwait(false);
        return null;
    }

    private async Task<VaultResponse?> DeleteAsync(RequestContext context, CancellationToken cancellationToken)
    {
        await policies.DeleteAsync(context.Get(Name), cancellationToken).ConfigureAwait(false);
        return null;
    }

    private async Task<VaultResponse?> GenerateAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var password = await policies.GenerateAsync(context.Get(Name), cancellationToken).ConfigureAwait(false);
        return VaultResponse.WithData(new JsonObject { ["password"] = password });
    }
}

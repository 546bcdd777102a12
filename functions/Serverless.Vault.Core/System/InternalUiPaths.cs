using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Mounts;
using Serverless.Vault.Core.Policies;
using Serverless.Vault.Core.Tokens;

namespace Serverless.Vault.Core.System;

/// <summary>
/// sys/internal/ui/mounts: how the CLI and UI find a path's mount and KV version before they touch it.
/// </summary>
public sealed class InternalUiPaths(MountStore mounts, TokenStore tokens, AclProvider acls)
{
    private static readonly Field<string> PathField = Fields.String("path", "A path inside the mount.");

    public IEnumerable<PathSpec> Paths =>
    [
        new PathSpec("internal/ui/mounts")
        {
            Handlers = { [Operation.Read] = ListAsync },
            Unauthenticated = true,
            Synopsis = "Mounts visible to the caller: those its token has rights under, and those tuned listing_visibility=unauth.",
        },
        new PathSpec("internal/ui/mounts/{*path}")
        {
            Fields = [PathField],
            Handlers = { [Operation.Read] = ReadAsync },
            AuthorizedByHandler = true,
            Synopsis = "The mount that contains a path, with its type and options, for tokens that may use that mount.",
        },
    ];

    private async Task<VaultResponse?> ListAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var token = context.Request.ClientToken;
        var entry = string.IsNullOrEmpty(token) ? null : await tokens.LookupAsync(token, cancellationToken).ConfigureAwait(false);
        var acl = entry is null ? null : await acls.ForTokenAsync(entry, cancellationToken).ConfigureAwait(false);
        var authenticated = acl is not null;
        var secret = new JsonObject();
        var auth = new JsonObject();
        foreach (var mount in await mounts.GetAsync(cancellationToken).ConfigureAwait(false))
        {
            // A token sees the mounts it has rights under; anyone sees those tuned to listing_visibility=unauth.
            if (acl?.GrantsAnythingUnder(mount.Path) == true || mount.Config.ListingVisibility == "unauth")
            {
                (mount.Kind == MountKind.Auth ? auth : secret)[mount.Kind == MountKind.Auth ? mount.Path["auth/".Length..] : mount.Path] = MountJson.Describe(mount);
            }
        }

        foreach (var builtIn in MountTable.Secrets.BuiltIns)
        {
            if (authenticated && acl!.GrantsAnythingUnder(builtIn.Path))
            {
                secret[builtIn.Path] = MountJson.Describe(builtIn);
            }
        }

        return VaultResponse.WithData(new JsonObject { ["auth"] = auth, ["secret"] = secret });
    }

    private async Task<VaultResponse?> ReadAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var path = context.Get(PathField);
        var all = await mounts.GetAsync(cancellationToken).ConfigureAwait(false);
        var mount = all.Where(m => MountRouter.Relative(m, path) is not null).MaxBy(m => m.Path.Length)
            ?? MountTable.Secrets.BuiltIns.FirstOrDefault(b => MountRouter.Relative(b, path) is not null);

        // As in Vault, a path without a mount, or a mount the token has no rights under, is "permission denied":
        // this path cannot be used to probe for mounts.
        if (mount is null || context.Request.Token is not { } token
            || !(await acls.ForTokenAsync(token, cancellationToken).ConfigureAwait(false)).GrantsAnythingUnder(mount.Path))
        {
            throw VaultException.PermissionDenied();
        }

        var data = MountJson.Describe(mount);
        data["path"] = mount.Kind == MountKind.Auth ? mount.Path["auth/".Length..] : mount.Path;
        return VaultResponse.WithData(data);
    }
}

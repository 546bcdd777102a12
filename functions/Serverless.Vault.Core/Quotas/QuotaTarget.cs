using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Mounts;

namespace Serverless.Vault.Core.Quotas;

/// <summary>What a quota's "path" names: nothing (global), or an existing mount and an optional path below it.</summary>
internal sealed record QuotaTarget(MountEntry? Mount, string MountPath, string PathSuffix)
{
    /// <summary>
    /// Resolves a quota path as Vault does: leading slashes dropped, a trailing one added, then the longest mount it
    /// falls under (the built-in sys/ and auth/token/ included). No such mount is a 400.
    /// </summary>
    public static QuotaTarget Resolve(string path, IReadOnlyList<MountEntry> mounts)
    {
        var sanitized = path.Trim().TrimStart('/');
        if (sanitized.Length == 0)
        {
            return new QuotaTarget(null, "", "");
        }

        if (!sanitized.EndsWith('/'))
        {
            sanitized += "/";
        }

        MountEntry? longest = null;
        foreach (var mount in mounts.Append(SystemMount.Sys).Append(SystemMount.Token))
        {
            if (sanitized.StartsWith(mount.Path, StringComparison.Ordinal) && (longest is null || mount.Path.Length > longest.Path.Length))
            {
                longest = mount;
            }
        }

        return longest is null
            ? throw VaultException.InvalidRequest($"invalid mount path \"{sanitized}\"")
            : new QuotaTarget(longest, longest.Path, sanitized[longest.Path.Length..].TrimEnd('/'));
    }
}

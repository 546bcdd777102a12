using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Engines.Kv;

/// <summary>Fields and checks every KV path shares.</summary>
internal static class KvPaths
{
    public static readonly Field<string> Path = Fields.String("path", "The secret's path below the mount.");

    public static readonly Field<bool> Recursive = Fields.Bool(
        "recursive", "List every key below the folder, as paths relative to it (an extension; Vault lists one level).");

    /// <summary>The secret path of a request; an empty one names no secret.</summary>
    public static string RequirePath(RequestContext context)
    {
        var path = context.Get(Path).TrimEnd('/');
        return path.Length == 0 ? throw VaultException.InvalidRequest("missing secret path") : path;
    }

    /// <summary>A version number from a field: 0 means "current"; negative numbers are refused.</summary>
    public static long RequireVersion(long version) =>
        version < 0 ? throw VaultException.InvalidRequest("version must be a positive number") : version;
}

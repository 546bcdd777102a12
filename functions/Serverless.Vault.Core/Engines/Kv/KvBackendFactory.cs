using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Engines.Kv;

/// <summary>The "kv" mount type: version 1 unless options.version is "2" ("kv-v2" is enabled as kv with version 2).</summary>
public sealed class KvBackendFactory : IBackendFactory
{
    public const string VersionOption = "version";

    public string Type => "kv";

    public IBackend Create(BackendContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return VersionOf(context.Mount.Options) == "2" ? new KvV2Backend(context) : new KvV1Backend(context);
    }

    /// <summary>Versions "1" and "2" only, and no way back from 2 to 1 (as in Vault).</summary>
    public void ValidateOptions(IReadOnlyDictionary<string, string>? current, IReadOnlyDictionary<string, string>? proposed)
    {
        var next = VersionOf(proposed);
        if (next is not ("1" or "2"))
        {
            throw VaultException.InvalidRequest($"invalid KV version \"{next}\": use \"1\" or \"2\"");
        }

        if (current is not null && VersionOf(current) == "2" && next == "1")
        {
            throw VaultException.InvalidRequest("cannot downgrade a KV mount from version 2 to version 1");
        }
    }

    private static string VersionOf(IReadOnlyDictionary<string, string>? options) =>
        options is not null && options.TryGetValue(VersionOption, out var version) && version.Length > 0 ? version : "1";
}

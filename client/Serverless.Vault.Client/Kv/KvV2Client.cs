using System.Globalization;
using System.Text.Json.Nodes;

namespace Serverless.Vault.Client.Kv;

/// <summary>A KV version 2 mount: <c>&lt;mount&gt;/data/&lt;path&gt;</c> and <c>&lt;mount&gt;/metadata/&lt;path&gt;</c>.</summary>
public sealed class KvV2Client
{
    private readonly VaultClient _client;

    internal KvV2Client(VaultClient client, string mount)
    {
        _client = client;
        Mount = mount.Trim('/');
    }

    public string Mount { get; }

    /// <summary>The secret's data at a version (the newest when null); null when there is none or it is deleted.</summary>
    public async Task<KvV2Secret?> ReadAsync(string path, int? version = null, CancellationToken cancellationToken = default)
    {
        var query = version is { } v ? "?version=" + v.ToString(CultureInfo.InvariantCulture) : string.Empty;
        var response = await _client.ReadAsync($"{Mount}/data/{path}{query}", cancellationToken).ConfigureAwait(false);
        if (response?.Data is not { } block || block["data"] is not JsonObject data)
        {
            return null;
        }

        var metadata = block["metadata"]?.AsObject();
        return new KvV2Secret(
            data,
            metadata?["version"]?.GetValue<int>() ?? 0,
            metadata?["created_time"]?.GetValue<DateTimeOffset>());
    }

    /// <summary>The secret's metadata (current version and versions); null when the path has none.</summary>
    public async Task<KvV2Metadata?> ReadMetadataAsync(string path, CancellationToken cancellationToken = default)
    {
        var response = await _client.ReadAsync($"{Mount}/metadata/{path}", cancellationToken).ConfigureAwait(false);
        return response?.Data is null ? null : response.DataAs<KvV2Metadata>();
    }
}

using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Serverless.Vault.Client.Kv;

/// <summary>A KV version 2 mount: <c>&lt;mount&gt;/data/&lt;path&gt;</c> and <c>&lt;mount&gt;/metadata/&lt;path&gt;</c>.</summary>
public sealed class KvV2Client : VaultMountClient
{
    internal KvV2Client(VaultClient client, string mount)
        : base(client, mount)
    {
    }

    /// <summary>The secret's data at a version (the newest when null); null when there is none or it is deleted.</summary>
    public async Task<KvV2Secret?> ReadAsync(string path, int? version = null, CancellationToken cancellationToken = default)
    {
        var query = version is { } v ? "?version=" + v.ToString(CultureInfo.InvariantCulture) : string.Empty;
        var response = await Client.ReadAsync($"{Mount}/data/{path}{query}", cancellationToken).ConfigureAwait(false);
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

    /// <summary>The secret's data bound to <typeparamref name="T"/>; null when there is none or it is deleted.</summary>
    public async Task<KvV2Secret<T>?> ReadAsync<T>(string path, int? version = null, CancellationToken cancellationToken = default)
    {
        var secret = await ReadAsync(path, version, cancellationToken).ConfigureAwait(false);
        return secret is null ? null : new KvV2Secret<T>(
            secret.Data.Deserialize<T>(VaultJson.Options) ?? throw new JsonException($"The secret's data does not bind to {typeof(T).Name}."),
            secret.Version,
            secret.CreatedTime);
    }

    /// <summary>
    /// Writes a new version (<paramref name="data"/>: a JSON object, a dictionary or a record). With <paramref name="cas"/>,
    /// only when the current version is that one (0: only when the secret does not exist); else a 400 <see cref="VaultApiException"/>.
    /// </summary>
    public Task<KvV2VersionMetadata> WriteAsync(string path, object data, int? cas = null, CancellationToken cancellationToken = default) =>
        SendDataAsync(HttpMethod.Post, path, data, cas, cancellationToken);

    /// <summary>
    /// Merges <paramref name="data"/> into the newest version as a new version (JSON merge patch: a null value removes
    /// the key). The secret must exist (else a 404 <see cref="VaultApiException"/>); the token needs the <c>patch</c> capability.
    /// </summary>
    public Task<KvV2VersionMetadata> PatchAsync(string path, object data, int? cas = null, CancellationToken cancellationToken = default) =>
        SendDataAsync(HttpMethod.Patch, path, data, cas, cancellationToken);

    /// <summary>Soft-deletes the newest version (undo with <see cref="UndeleteAsync"/>).</summary>
    public async Task DeleteAsync(string path, CancellationToken cancellationToken = default) =>
        await Client.DeleteAsync($"{Mount}/data/{path}", cancellationToken).ConfigureAwait(false);

    /// <summary>Soft-deletes the given versions.</summary>
    public Task DeleteVersionsAsync(string path, IEnumerable<int> versions, CancellationToken cancellationToken = default) =>
        VersionsAsync("delete", path, versions, cancellationToken);

    /// <summary>Restores soft-deleted versions.</summary>
    public Task UndeleteAsync(string path, IEnumerable<int> versions, CancellationToken cancellationToken = default) =>
        VersionsAsync("undelete", path, versions, cancellationToken);

    /// <summary>Removes the data of the given versions for good; their metadata stays, marked destroyed.</summary>
    public Task DestroyAsync(string path, IEnumerable<int> versions, CancellationToken cancellationToken = default) =>
        VersionsAsync("destroy", path, versions, cancellationToken);

    /// <summary>The keys under a folder (sub-folders end in <c>/</c>); empty when there are none.</summary>
    public async Task<IReadOnlyList<string>> ListAsync(string path, CancellationToken cancellationToken = default) =>
        KvKeys.From(await Client.ListAsync(KvKeys.Folder($"{Mount}/metadata", path), cancellationToken).ConfigureAwait(false));

    /// <summary>The secret's metadata (current version and versions); null when the path has none.</summary>
    public async Task<KvV2Metadata?> ReadMetadataAsync(string path, CancellationToken cancellationToken = default)
    {
        var response = await Client.ReadAsync($"{Mount}/metadata/{path}", cancellationToken).ConfigureAwait(false);
        return response?.Data is null ? null : response.DataAs<KvV2Metadata>();
    }

    /// <summary>Sets the secret's settings and custom metadata without writing a version.</summary>
    public async Task WriteMetadataAsync(string path, KvV2MetadataSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        await Client.WriteAsync($"{Mount}/metadata/{path}", settings.ToBody(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes every version and the metadata: the secret is gone for good.</summary>
    public async Task DeleteMetadataAsync(string path, CancellationToken cancellationToken = default) =>
        await Client.DeleteAsync($"{Mount}/metadata/{path}", cancellationToken).ConfigureAwait(false);

    private async Task<KvV2VersionMetadata> SendDataAsync(HttpMethod method, string path, object data, int? cas, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        var body = new Dictionary<string, object> { ["data"] = data };
        if (cas is { } version)
        {
            body["options"] = new Dictionary<string, int> { ["cas"] = version };
        }

        var response = await Client.SendAsync(method, $"{Mount}/data/{path}", body, cancellationToken).ConfigureAwait(false);
        if (response?.Data is null)
        {
            // The transport reads a bare 404 as "nothing there"; for a patch that is a missing or deleted secret.
            throw method == HttpMethod.Patch
                ? new VaultApiException(HttpStatusCode.NotFound, method.Method, $"{Mount}/data/{path}", ["no secret to patch"])
                : new VaultApiException($"{method.Method} {Mount}/data/{path} returned no version metadata.");
        }

        return response.DataAs<KvV2VersionMetadata>();
    }

    private async Task VersionsAsync(string operation, string path, IEnumerable<int> versions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(versions);
        var body = new Dictionary<string, int[]> { ["versions"] = [.. versions] };
        await Client.WriteAsync($"{Mount}/{operation}/{path}", body, cancellationToken).ConfigureAwait(false);
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;

namespace Serverless.Vault.Client.Kv;

/// <summary>A KV version 1 mount: read, write, list and delete at &lt;mount&gt;/&lt;path&gt;.</summary>
public sealed class KvV1Client : VaultMountClient
{
    internal KvV1Client(VaultClient client, string mount)
        : base(client, mount)
    {
    }

    /// <summary>The secret's key/value pairs; null when there is no secret at the path.</summary>
    public async Task<JsonObject?> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        var response = await Client.ReadAsync($"{Mount}/{path}", cancellationToken).ConfigureAwait(false);
        return response?.Data;
    }

    /// <summary>The secret bound to <typeparamref name="T"/> (wire names via <c>JsonPropertyName</c>); null when there is none.</summary>
    public async Task<T?> ReadAsync<T>(string path, CancellationToken cancellationToken = default)
    {
        var data = await ReadAsync(path, cancellationToken).ConfigureAwait(false);
        return data is null ? default : data.Deserialize<T>(VaultJson.Options);
    }

    /// <summary>Replaces the secret with <paramref name="data"/> (a JSON object, a dictionary or a record).</summary>
    public async Task WriteAsync(string path, object data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        await Client.WriteAsync($"{Mount}/{path}", data, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The keys under a folder (sub-folders end in <c>/</c>); empty when there are none.</summary>
    public async Task<IReadOnlyList<string>> ListAsync(string path, CancellationToken cancellationToken = default) =>
        KvKeys.From(await Client.ListAsync(KvKeys.Folder(Mount, path), cancellationToken).ConfigureAwait(false));

    /// <summary>Deletes the secret; succeeds when there is none.</summary>
    public async Task DeleteAsync(string path, CancellationToken cancellationToken = default) =>
        await Client.DeleteAsync($"{Mount}/{path}", cancellationToken).ConfigureAwait(false);
}

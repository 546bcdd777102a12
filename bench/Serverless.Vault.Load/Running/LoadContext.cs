using System.Text.Json.Nodes;
using Serverless.Vault.Load.Client;
using Serverless.Vault.Load.Config;

namespace Serverless.Vault.Load.Running;

/// <summary>
/// What a test sees at setup: the client, its options, and mount helpers that mount an engine or auth method under a
/// unique path (or reuse the configured "mount" if it exists) and remember what they mounted, for cleanup.
/// </summary>
internal sealed class LoadContext(VaultClient? client, TestConfig test)
{
    private readonly List<string> _undo = [];

    public VaultClient Client => client ?? throw new LoadConfigException($"test \"{test.DisplayName}\" needs an address");

    public TestOptions Options { get; } = new(test.DisplayName, test.Options);

    public string TestName => test.DisplayName;

    /// <summary>Mounts a secrets engine (unless option "mount" names an existing one); returns its path without slashes.</summary>
    public Task<string> MountSecretsAsync(string type, JsonObject? mountOptions, CancellationToken cancellationToken) =>
        EnsureAsync("mounts", "mount", type, mountOptions, cancellationToken);

    /// <summary>Enables an auth method (unless option "auth_mount" names an existing one); returns its path after auth/.</summary>
    public Task<string> EnableAuthAsync(string type, CancellationToken cancellationToken) =>
        EnsureAsync("auth", "auth_mount", type, null, cancellationToken);

    /// <summary>Unmounts and disables, newest first, only what this context mounted.</summary>
    public async Task CleanupAsync(CancellationToken cancellationToken)
    {
        for (var i = _undo.Count - 1; i >= 0; i--)
        {
            await Client.SendAsync(HttpMethod.Delete, _undo[i], null, cancellationToken).ConfigureAwait(false);
        }

        _undo.Clear();
    }

    private async Task<string> EnsureAsync(string table, string option, string type, JsonObject? mountOptions, CancellationToken cancellationToken)
    {
        var path = Options.StringOrNull(option)?.Trim('/') ?? $"load-{type}-{Payloads.Suffix()}";
        var existing = await Client.SendAsync(HttpMethod.Get, "sys/" + table, null, cancellationToken).ConfigureAwait(false);
        var mounts = existing?["data"] as JsonObject ?? existing;
        if (mounts?.ContainsKey(path + "/") == true)
        {
            return path;
        }

        var body = new JsonObject { ["type"] = type };
        if (mountOptions is not null)
        {
            body["options"] = mountOptions;
        }

        await Client.SendAsync(HttpMethod.Post, $"sys/{table}/{path}", body, cancellationToken).ConfigureAwait(false);
        _undo.Add($"sys/{table}/{path}");
        return path;
    }
}

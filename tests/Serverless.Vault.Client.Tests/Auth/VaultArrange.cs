namespace Serverless.Vault.Client.Tests.Auth;

/// <summary>Arranges auth methods on a dev vault with its root token, as an operator would.</summary>
public static class VaultArrange
{
    /// <summary>A policy reading every KV v2 secret under <c>secret/</c>.</summary>
    public const string ReaderPolicy = "secret-reader";

    /// <summary>Writes the reader policy and one secret (<c>{"value": ...}</c>) for clients to read.</summary>
    public static async Task ReaderAndSecretAsync(DevVault vault, string path, string value)
    {
        await vault.SendAsync(HttpMethod.Post, $"sys/policies/acl/{ReaderPolicy}", new { policy = "path \"secret/data/*\" { capabilities = [\"read\"] }" });
        await vault.SendAsync(HttpMethod.Post, $"secret/data/{path}", new { data = new { value } });
    }

    /// <summary>Enables AppRole at the mount with one role (extra settings such as token_ttl) and returns its IDs.</summary>
    public static async Task<(string RoleId, string SecretId)> AppRoleAsync(DevVault vault, string mount, string role, Dictionary<string, object>? settings = null)
    {
        await vault.SendAsync(HttpMethod.Post, $"sys/auth/{mount}", new { type = "approle" });
        var body = new Dictionary<string, object>(settings ?? []) { ["token_policies"] = new[] { ReaderPolicy } };
        await vault.SendAsync(HttpMethod.Post, $"auth/{mount}/role/{role}", body);
        var roleId = (await vault.SendAsync(HttpMethod.Get, $"auth/{mount}/role/{role}/role-id"))!["data"]!["role_id"]!.GetValue<string>();
        var secretId = (await vault.SendAsync(HttpMethod.Post, $"auth/{mount}/role/{role}/secret-id"))!["data"]!["secret_id"]!.GetValue<string>();
        return (roleId, secretId);
    }

    /// <summary>The token's lookup data, by accessor, as the root token sees it.</summary>
    public static async Task<System.Text.Json.Nodes.JsonNode> LookupAccessorAsync(DevVault vault, string accessor) =>
        (await vault.SendAsync(HttpMethod.Post, "auth/token/lookup-accessor", new { accessor }))!["data"]!;

    public static Task RevokeAccessorAsync(DevVault vault, string accessor) =>
        vault.SendAsync(HttpMethod.Post, "auth/token/revoke-accessor", new { accessor });
}

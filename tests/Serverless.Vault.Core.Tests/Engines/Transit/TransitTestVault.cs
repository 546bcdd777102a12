using System.Text.Json.Nodes;
using Serverless.Vault.Core.Barrier;
using Serverless.Vault.Core.Engines.Transit;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Storage;
using Serverless.Vault.Core.Tests.Pipeline;

namespace Serverless.Vault.Core.Tests.Engines.Transit;

/// <summary>Transit helpers over <see cref="TestVault"/>: a mount at "transit/" and the stored key material.</summary>
internal static class TransitTestVault
{
    public static async Task<TestVault> WithTransitAsync()
    {
        var vault = await TestVault.InitializedAsync();
        await vault.EnableAsync("transit", "transit");
        return vault;
    }

    public static string B64(string text) => Convert.ToBase64String(global::System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>Creates a key and asserts the 200.</summary>
    public static async Task<JsonObject> CreateKeyAsync(this TestVault vault, string name, JsonObject? body = null) =>
        VaultAssert.Ok(await vault.WriteAsync("transit/keys/" + name, body ?? []));

    /// <summary>Encrypts and returns the ciphertext.</summary>
    public static async Task<string> EncryptAsync(this TestVault vault, string key, string plaintextBase64, JsonObject? extra = null)
    {
        var body = extra ?? [];
        body["plaintext"] = plaintextBase64;
        return VaultAssert.Ok(await vault.WriteAsync("transit/encrypt/" + key, body))["ciphertext"]!.GetValue<string>();
    }

    /// <summary>Decrypts and returns the base64 plaintext.</summary>
    public static async Task<string> DecryptAsync(this TestVault vault, string key, string ciphertext, JsonObject? extra = null)
    {
        var body = extra ?? [];
        body["ciphertext"] = ciphertext;
        return VaultAssert.Ok(await vault.WriteAsync("transit/decrypt/" + key, body))["plaintext"]!.GetValue<string>();
    }

    /// <summary>The key's row as stored behind the barrier, read the way the engine reads it.</summary>
    public static async Task<KeyPolicyRecord> StoredKeyAsync(this TestVault vault, string name)
    {
        var uuid = await vault.MountUuidAsync("transit");
        var storage = new StorageView(vault.Get<IBarrier>().Storage, $"logical/{uuid}/");
        var (record, _) = await StoredJson.ReadAsync<KeyPolicyRecord>(storage, TransitStorageKeys.Policy(name), CancellationToken.None);
        return Assert.IsType<KeyPolicyRecord>(record);
    }

    public static string Error(VaultResponse? response)
    {
        Assert.NotNull(response);
        Assert.Equal(400, response.StatusCode);
        return Assert.Single(response.Errors ?? []);
    }
}

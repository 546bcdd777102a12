using System.Net;
using System.Text.Json;
using Serverless.Vault.Server.Tests.Kv;
using static Serverless.Vault.Server.Tests.Transit.TransitHttp;

namespace Serverless.Vault.Server.Tests.Transit;

/// <summary>Transit key management over HTTP on the Kestrel host with Table Storage (Azurite).</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TransitKeysHttpTests(KvTableHost table) : IClassFixture<KvTableHost>
{
    private VaultHost Vault => table.Host;

    [Fact]
    public async Task Create_ThenRead_ShowsVaultsKeyInfo()
    {
        var mount = await MountAsync(Vault);

        using var create = await Vault.SendAsync(HttpMethod.Post, $"{mount}/keys/app", new { type = "aes128-gcm96", exportable = true });
        var created = await HttpResponseAssert.JsonAsync(create, HttpStatusCode.OK);
        using var read = await Vault.SendAsync(HttpMethod.Get, $"{mount}/keys/app");
        var data = (await HttpResponseAssert.JsonAsync(read, HttpStatusCode.OK))["data"]!;

        Assert.Equal("app", created["data"]!["name"]!.GetValue<string>());
        Assert.Equal("aes128-gcm96", data["type"]!.GetValue<string>());
        Assert.Equal(1, data["latest_version"]!.GetValue<long>());
        Assert.Equal(1, data["min_decryption_version"]!.GetValue<long>());
        Assert.Equal(0, data["min_encryption_version"]!.GetValue<long>());
        Assert.True(data["exportable"]!.GetValue<bool>());
        Assert.False(data["deletion_allowed"]!.GetValue<bool>());
        Assert.True(data["supports_encryption"]!.GetValue<bool>());
        Assert.Equal(JsonValueKind.Number, data["keys"]!["1"]!.GetValueKind());
    }

    [Fact]
    public async Task Create_Existing_LeavesItWithWarning()
    {
        var mount = await MountAsync(Vault);
        await Vault.ReadJsonAsync(HttpMethod.Post, $"{mount}/keys/app");

        var again = await Vault.ReadJsonAsync(HttpMethod.Post, $"{mount}/keys/app", new { type = "chacha20-poly1305" });

        Assert.Equal("aes256-gcm96", again["data"]!["type"]!.GetValue<string>());
        Assert.Equal("key app already existed", again["warnings"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task List_ReturnsKeyNames_BothListForms()
    {
        var mount = await MountAsync(Vault);
        await Vault.ReadJsonAsync(HttpMethod.Post, $"{mount}/keys/a");
        await Vault.ReadJsonAsync(HttpMethod.Post, $"{mount}/keys/b");

        var viaVerb = await Vault.ReadJsonAsync(new HttpMethod("LIST"), $"{mount}/keys");
        var viaQuery = await Vault.ReadJsonAsync(HttpMethod.Get, $"{mount}/keys?list=true");

        Assert.Equal("""["a","b"]""", viaVerb["data"]!["keys"]!.ToJsonString());
        Assert.Equal("""["a","b"]""", viaQuery["data"]!["keys"]!.ToJsonString());
    }

    [Fact]
    public async Task List_NoKeys_Is404()
    {
        var mount = await MountAsync(Vault);

        using var response = await Vault.SendAsync(new HttpMethod("LIST"), $"{mount}/keys");

        Assert.Empty(await HttpResponseAssert.ErrorAsync(response, HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task Rotate_AddsVersion_NewEncryptionsUseIt()
    {
        var mount = await MountAsync(Vault);
        await Vault.ReadJsonAsync(HttpMethod.Post, $"{mount}/keys/app");
        var old = (await Vault.ReadJsonAsync(HttpMethod.Post, $"{mount}/encrypt/app", new { plaintext = B64("old") }))["data"]!["ciphertext"]!.GetValue<string>();

        var rotated = await Vault.ReadJsonAsync(HttpMethod.Post, $"{mount}/keys/app/rotate");
        var encrypted = await Vault.ReadJsonAsync(HttpMethod.Post, $"{mount}/encrypt/app", new { plaintext = B64("new") });

        Assert.Equal(2, rotated["data"]!["latest_version"]!.GetValue<long>());
        Assert.StartsWith("vault:v2:", encrypted["data"]!["ciphertext"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(2, encrypted["data"]!["key_version"]!.GetValue<long>());
        var decrypted = await Vault.ReadJsonAsync(HttpMethod.Post, $"{mount}/decrypt/app", new { ciphertext = old });
        Assert.Equal(B64("old"), decrypted["data"]!["plaintext"]!.GetValue<string>());
    }

    [Fact]
    public async Task Config_MinDecryptionVersion_RefusesOlderCiphertexts()
    {
        var mount = await MountAsync(Vault);
        await Vault.ReadJsonAsync(HttpMethod.Post, $"{mount}/keys/app");
        var old = (await Vault.ReadJsonAsync(HttpMethod.Post, $"{mount}/encrypt/app", new { plaintext = B64("old") }))["data"]!["ciphertext"]!.GetValue<string>();
        await Vault.ReadJsonAsync(HttpMethod.Post, $"{mount}/keys/app/rotate");

        var config = await Vault.ReadJsonAsync(HttpMethod.Post, $"{mount}/keys/app/config", new { min_decryption_version = 2, auto_rotate_period = "24h" });
        using var decrypt = await Vault.SendAsync(HttpMethod.Post, $"{mount}/decrypt/app", new { ciphertext = old });

        Assert.Equal(2, config["data"]!["min_decryption_version"]!.GetValue<long>());
        Assert.Equal(86400, config["data"]!["auto_rotate_period"]!.GetValue<long>());
        Assert.Equal(["ciphertext or signature version is disallowed by policy (too old)"], await HttpResponseAssert.ErrorAsync(decrypt, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task ExportBackupRestore_OverHttp_RestoredKeyDecryptsOldCiphertexts()
    {
        var mount = await MountAsync(Vault);
        await Vault.ReadJsonAsync(HttpMethod.Post, $"{mount}/keys/app", new { exportable = true, allow_plaintext_backup = true });
        var old = (await Vault.ReadJsonAsync(HttpMethod.Post, $"{mount}/encrypt/app", new { plaintext = B64("old") }))["data"]!["ciphertext"]!.GetValue<string>();

        var exported = await Vault.ReadJsonAsync(HttpMethod.Get, $"{mount}/export/encryption-key/app/latest");
        var backup = (await Vault.ReadJsonAsync(HttpMethod.Get, $"{mount}/backup/app"))["data"]!["backup"]!.GetValue<string>();
        using (var refused = await Vault.SendAsync(HttpMethod.Post, $"{mount}/restore", new { backup }))
        {
            Assert.Equal(["key \"app\" already exists"], await HttpResponseAssert.ErrorAsync(refused, HttpStatusCode.BadRequest));
        }

        using (var restored = await Vault.SendAsync(HttpMethod.Post, $"{mount}/restore/copy", new { backup }))
        {
            Assert.Equal(HttpStatusCode.NoContent, restored.StatusCode);
        }

        Assert.Equal(32, Convert.FromBase64String(exported["data"]!["keys"]!["1"]!.GetValue<string>()).Length);
        var decrypted = await Vault.ReadJsonAsync(HttpMethod.Post, $"{mount}/decrypt/copy", new { ciphertext = old });
        Assert.Equal(B64("old"), decrypted["data"]!["plaintext"]!.GetValue<string>());
    }

    [Fact]
    public async Task ConfigKeysAndCacheConfig_OverHttp_StoredAndApplied()
    {
        var mount = await MountAsync(Vault);

        var config = await Vault.ReadJsonAsync(HttpMethod.Post, $"{mount}/config/keys", new { disable_upsert = true });
        var cache = await Vault.ReadJsonAsync(HttpMethod.Post, $"{mount}/cache-config", new { size = 50 });
        using var upsert = await Vault.SendAsync(HttpMethod.Post, $"{mount}/encrypt/missing", new { plaintext = B64("x") });

        Assert.True(config["data"]!["disable_upsert"]!.GetValue<bool>());
        Assert.Equal(50, cache["data"]!["size"]!.GetValue<long>());
        Assert.Equal(50, (await Vault.ReadJsonAsync(HttpMethod.Get, $"{mount}/cache-config"))["data"]!["size"]!.GetValue<long>());
        Assert.Equal(["encryption key not found"], await HttpResponseAssert.ErrorAsync(upsert, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Delete_NeedsDeletionAllowed_ThenKeyIsGone()
    {
        var mount = await MountAsync(Vault);
        await Vault.ReadJsonAsync(HttpMethod.Post, $"{mount}/keys/app");

        using (var refused = await Vault.SendAsync(HttpMethod.Delete, $"{mount}/keys/app"))
        {
            Assert.Equal(["error deleting policy app: deletion is not allowed for this policy"], await HttpResponseAssert.ErrorAsync(refused, HttpStatusCode.BadRequest));
        }

        await Vault.ReadJsonAsync(HttpMethod.Post, $"{mount}/keys/app/config", new { deletion_allowed = true });
        using (var deleted = await Vault.SendAsync(HttpMethod.Delete, $"{mount}/keys/app"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        using var read = await Vault.SendAsync(HttpMethod.Get, $"{mount}/keys/app");
        Assert.Empty(await HttpResponseAssert.ErrorAsync(read, HttpStatusCode.NotFound));
    }
}

using System.Text;
using System.Text.Json.Nodes;
using Serverless.Vault.Core.Tests.Pipeline;
using static Serverless.Vault.Core.Tests.Engines.Transit.TransitTestVault;

namespace Serverless.Vault.Core.Tests.Engines.Transit;

public sealed class TransitBackupRestoreTests
{
    private static readonly JsonObject BackupAllowed = new() { ["exportable"] = true, ["allow_plaintext_backup"] = true };

    [Fact]
    public async Task Backup_IsBase64JsonHoldingThePolicyWithAllVersions()
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("k", Allowed());
        VaultAssert.Ok(await vault.WriteAsync("transit/keys/k/rotate"));

        var backup = await BackupAsync(vault, "k");

        var document = JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(backup)))!;
        Assert.Equal("k", document["policy"]!["name"]!.GetValue<string>());
        Assert.Equal(2, document["policy"]!["latest_version"]!.GetValue<long>());
        Assert.Equal(2, document["policy"]!["versions"]!.AsObject().Count);
    }

    [Fact]
    public async Task Restore_UnderNewName_DecryptsOldCiphertextsOfEveryVersion()
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("k", Allowed());
        var v1 = await vault.EncryptAsync("k", B64("one"));
        VaultAssert.Ok(await vault.WriteAsync("transit/keys/k/rotate"));
        var v2 = await vault.EncryptAsync("k", B64("two"));
        var backup = await BackupAsync(vault, "k");

        VaultAssert.NoContent(await vault.WriteAsync("transit/restore/copy", new JsonObject { ["backup"] = backup }));

        Assert.Equal(B64("one"), await vault.DecryptAsync("copy", v1));
        Assert.Equal(B64("two"), await vault.DecryptAsync("copy", v2));
        var info = VaultAssert.Ok(await vault.ReadAsync("transit/keys/copy"));
        Assert.Equal("copy", info["name"]!.GetValue<string>());
        Assert.Equal(2, info["latest_version"]!.GetValue<long>());
    }

    [Fact]
    public async Task Restore_NameInBody_UsesIt()
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("k", Allowed());
        var backup = await BackupAsync(vault, "k");

        VaultAssert.NoContent(await vault.WriteAsync("transit/restore", new JsonObject { ["backup"] = backup, ["name"] = "other" }));

        VaultAssert.Ok(await vault.ReadAsync("transit/keys/other"));
    }

    [Fact]
    public async Task Restore_AfterDeletion_BringsTheKeyBackInAnotherVault()
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("k", Allowed());
        var ciphertext = await vault.EncryptAsync("k", B64("kept"));
        var backup = await BackupAsync(vault, "k");
        VaultAssert.Ok(await vault.WriteAsync("transit/keys/k/config", new JsonObject { ["deletion_allowed"] = true }));
        VaultAssert.NoContent(await vault.DeleteAsync("transit/keys/k"));
        using var elsewhere = await WithTransitAsync();

        VaultAssert.NoContent(await elsewhere.WriteAsync("transit/restore", new JsonObject { ["backup"] = backup }));
        VaultAssert.NoContent(await vault.WriteAsync("transit/restore", new JsonObject { ["backup"] = backup }));

        Assert.Equal(B64("kept"), await elsewhere.DecryptAsync("k", ciphertext));
        Assert.Equal(B64("kept"), await vault.DecryptAsync("k", ciphertext));
    }

    [Fact]
    public async Task Restore_ExistingName_RefusedUnlessForced()
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("k", Allowed());
        var old = await vault.EncryptAsync("k", B64("old"));
        var backup = await BackupAsync(vault, "k");
        await vault.CreateKeyAsync("target");
        var target = await vault.EncryptAsync("target", B64("t"));

        VaultAssert.Error(await vault.WriteAsync("transit/restore/target", new JsonObject { ["backup"] = backup }), 400, "key \"target\" already exists");
        Assert.Equal(B64("t"), await vault.DecryptAsync("target", target));

        VaultAssert.NoContent(await vault.WriteAsync("transit/restore/target", new JsonObject { ["backup"] = backup, ["force"] = true }));
        Assert.Equal(B64("old"), await vault.DecryptAsync("target", old));
    }

    [Fact]
    public async Task Backup_RecordsBackupInfo_RestoreRecordsRestoreInfo()
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("k", Allowed());
        VaultAssert.Ok(await vault.WriteAsync("transit/keys/k/rotate"));

        var backup = await BackupAsync(vault, "k");
        vault.Time.Advance(TimeSpan.FromMinutes(1));
        VaultAssert.NoContent(await vault.WriteAsync("transit/restore/copy", new JsonObject { ["backup"] = backup }));

        var original = VaultAssert.Ok(await vault.ReadAsync("transit/keys/k"));
        Assert.Equal("""{"time":"2026-11-28T12:00:00Z","version":2}""", original["backup_info"]!.ToJsonString());
        Assert.False(original.ContainsKey("restore_info"));
        var copy = VaultAssert.Ok(await vault.ReadAsync("transit/keys/copy"));
        Assert.Equal("""{"time":"2026-11-28T12:01:00Z","version":2}""", copy["restore_info"]!.ToJsonString());
        Assert.Equal(2, copy["backup_info"]!["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task Backup_NotExportable_IsRefused()
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("k", new JsonObject { ["allow_plaintext_backup"] = true });

        VaultAssert.Error(await vault.ReadAsync("transit/backup/k"), 400, "exporting is disallowed on the policy");
    }

    [Fact]
    public async Task Backup_WithoutPlaintextBackup_IsRefused()
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("k", new JsonObject { ["exportable"] = true });

        VaultAssert.Error(await vault.ReadAsync("transit/backup/k"), 400, "plaintext backup is disallowed on the policy");
    }

    [Fact]
    public async Task Backup_UnknownKey_Is400()
    {
        using var vault = await WithTransitAsync();

        VaultAssert.Error(await vault.ReadAsync("transit/backup/nope"), 400, "key \"nope\" not found");
    }

    [Theory]
    [InlineData(null, "'backup' must be supplied")]
    [InlineData("not base64!", "failed to decode backup: illegal base64 data at input byte 3")]
    [InlineData("bm90IGpzb24=", "failed to decode backup: not a transit key backup")]
    [InlineData("e30=", "failed to decode backup: the backup holds no valid key")]
    public async Task Restore_BadBackup_Is400(string? backup, string message)
    {
        using var vault = await WithTransitAsync();
        var body = backup is null ? new JsonObject() : new JsonObject { ["backup"] = backup };

        VaultAssert.Error(await vault.WriteAsync("transit/restore/k", body), 400, message);
        VaultAssert.Error(await vault.ReadAsync("transit/keys/k"), 404);
    }

    [Fact]
    public async Task Restore_BackupWithWrongKeyLength_IsRefused()
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("k", Allowed());
        var document = JsonNode.Parse(Convert.FromBase64String(await BackupAsync(vault, "k")))!;
        document["policy"]!["versions"]!["1"]!["key"] = Convert.ToBase64String(new byte[7]);
        var forged = Convert.ToBase64String(Encoding.UTF8.GetBytes(document.ToJsonString()));

        VaultAssert.Error(await vault.WriteAsync("transit/restore/forged", new JsonObject { ["backup"] = forged }), 400, "failed to decode backup: the backup holds no key material");
        VaultAssert.Error(await vault.ReadAsync("transit/keys/forged"), 404);
    }

    private static JsonObject Allowed() => BackupAllowed.DeepClone().AsObject();

    private static async Task<string> BackupAsync(TestVault vault, string name) =>
        VaultAssert.Ok(await vault.ReadAsync("transit/backup/" + name))["backup"]!.GetValue<string>();
}

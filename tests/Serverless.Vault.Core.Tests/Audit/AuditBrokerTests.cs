using System.Text.Json.Nodes;
using Serverless.Vault.Core.Audit;
using Serverless.Vault.Core.Audit.Devices;
using Serverless.Vault.Core.Tests.Pipeline;

namespace Serverless.Vault.Core.Tests.Audit;

public sealed class AuditBrokerTests
{
    private const string Canary = "canary-77b1c0de";

    [Fact]
    public async Task FileDevice_FolderRemoved_RequestFails500WithoutSecret()
    {
        using var capture = new AuditCapture();
        using var vault = await capture.VaultAsync();
        await vault.EnableAsync("kv");
        VaultAssert.NoContent(await vault.WriteAsync("kv/app", new JsonObject { ["password"] = Canary }));
        await AuditCapture.EnableAsync(vault, "file", "file", new JsonObject { ["file_path"] = "logs/audit.log" });
        Assert.Equal(Canary, VaultAssert.Ok(await vault.ReadAsync("kv/app"))["password"]!.GetValue<string>());

        Directory.Delete(Path.Combine(capture.Root, "logs"), recursive: true);
        vault.Time.Advance(FileAuditDevice.RotationCheckInterval);
        var response = await vault.ReadAsync("kv/app");

        VaultAssert.Error(response, 500, "internal error");
        Assert.Null(response!.Data);
    }

    [Fact]
    public async Task FileDevice_DirectoryWhereFileWas_RequestFails500()
    {
        using var capture = new AuditCapture();
        using var vault = await capture.VaultAsync();
        await AuditCapture.EnableAsync(vault, "file", "file", new JsonObject { ["file_path"] = "audit.log" });
        var path = Path.Combine(capture.Root, "audit.log");
        Assert.Contains("\"type\":\"response\"", await File.ReadAllTextAsync(path), StringComparison.Ordinal);

        File.Delete(path);
        Directory.CreateDirectory(path);
        vault.Time.Advance(FileAuditDevice.RotationCheckInterval);

        VaultAssert.Error(await vault.ReadAsync("auth/token/lookup-self"), 500, "internal error");
    }

    [Fact]
    public async Task FileDevice_FileRotatedAway_NewFileWithinTheCheckInterval()
    {
        using var capture = new AuditCapture();
        using var vault = await capture.VaultAsync();
        await AuditCapture.EnableAsync(vault, "file", "file", new JsonObject { ["file_path"] = "audit.log" });
        var path = Path.Combine(capture.Root, "audit.log");
        File.Move(path, path + ".1");

        vault.Time.Advance(FileAuditDevice.RotationCheckInterval);
        VaultAssert.Ok(await vault.ReadAsync("auth/token/lookup-self"));

        Assert.Contains("\"path\":\"auth/token/lookup-self\"", await File.ReadAllTextAsync(path), StringComparison.Ordinal);
        Assert.DoesNotContain("auth/token/lookup-self", await File.ReadAllTextAsync(path + ".1"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoDevices_OneFailing_RequestSucceedsAndOtherRecords()
    {
        using var capture = new AuditCapture();
        using var vault = await capture.VaultAsync();
        await AuditCapture.EnableAsync(vault, "file", "file", new JsonObject { ["file_path"] = "logs/audit.log" });
        await AuditCapture.EnableAsync(vault, "out", "stdout");
        Directory.Delete(Path.Combine(capture.Root, "logs"), recursive: true);
        vault.Time.Advance(FileAuditDevice.RotationCheckInterval);

        VaultAssert.Ok(await vault.ReadAsync("auth/token/lookup-self"));

        Assert.Single(capture.Entries("response", "auth/token/lookup-self"));
    }

    [Fact]
    public async Task FileDevice_DefaultMode0600_OneJsonLinePerEntry()
    {
        using var capture = new AuditCapture();
        using var vault = await capture.VaultAsync();
        await AuditCapture.EnableAsync(vault, "file", "file", new JsonObject { ["file_path"] = "audit.log" });

        VaultAssert.Ok(await vault.ReadAsync("auth/token/lookup-self"));

        var path = Path.Combine(capture.Root, "audit.log");
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        var lines = await File.ReadAllLinesAsync(path);
        Assert.All(lines, line => JsonNode.Parse(line));
        Assert.Contains(lines, line => line.Contains("\"path\":\"auth/token/lookup-self\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FileDevice_ConcurrentRequests_EveryEntryOneWholeLine()
    {
        using var capture = new AuditCapture();
        using var vault = await capture.VaultAsync();
        await AuditCapture.EnableAsync(vault, "file", "file", new JsonObject { ["file_path"] = "audit.log" });

        await Parallel.ForAsync(0, 200, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (_, _) =>
            VaultAssert.Ok(await vault.ReadAsync("auth/token/lookup-self")));

        var lines = await File.ReadAllLinesAsync(Path.Combine(capture.Root, "audit.log"));
        var reads = lines.Select(line => JsonNode.Parse(line)!).Where(e => e["request"]!["path"]!.GetValue<string>() == "auth/token/lookup-self").ToArray();
        Assert.Equal(400, reads.Length);
        Assert.Equal(200, reads.Select(e => e["request"]!["id"]!.GetValue<string>()).Distinct().Count());
    }

    [Fact]
    public async Task TableDevice_RowsUnderHourPartition()
    {
        using var capture = new AuditCapture();
        using var vault = await capture.VaultAsync();
        await AuditCapture.EnableAsync(vault, "cloud", "table");

        VaultAssert.Ok(await vault.ReadAsync("auth/token/lookup-self"));

        var keys = await vault.PhysicalKeysAsync("audit/");
        var hour = vault.Time.GetUtcNow().UtcDateTime.ToString("yyyyMMddHH", global::System.Globalization.CultureInfo.InvariantCulture);
        Assert.NotEmpty(keys);
        Assert.All(keys, key => Assert.Matches($@"^audit/[0-9a-f-]{{36}}/{hour}/\d{{21}}-[0-9a-f-]{{36}}-(request|response)$", key));
        var rows = new List<JsonObject>();
        foreach (var key in keys)
        {
            var entry = await vault.Physical.GetAsync(key, CancellationToken.None);
            rows.Add(JsonNode.Parse(entry!.Value)!.AsObject());
        }

        Assert.Contains(rows, row => row["type"]!.GetValue<string>() == "response" && row["request"]!["path"]!.GetValue<string>() == "auth/token/lookup-self");
    }

    [Fact]
    public async Task DeviceEnabledOnOtherInstance_UsedHereWithinStalenessBudget()
    {
        using var capture = new AuditCapture();
        using var first = await capture.VaultAsync();
        using var second = first.SecondInstance();
        VaultAssert.Ok(await second.ReadAsync("auth/token/lookup-self"));

        await AuditCapture.EnableAsync(first, "out", "stdout");
        var before = capture.Entries().Count;
        VaultAssert.Ok(await second.ReadAsync("auth/token/lookup-self"));
        Assert.Equal(before, capture.Entries().Count);

        second.Time.Advance(AuditStore.StalenessBudget);
        VaultAssert.Ok(await second.ReadAsync("auth/token/lookup-self"));
        Assert.Equal(before + 2, capture.Entries().Count);
    }

    [Fact]
    public async Task NoDevice_AuditTableReadOncePerStalenessBudget()
    {
        using var capture = new AuditCapture();
        using var vault = await capture.VaultAsync();
        VaultAssert.Ok(await vault.ReadAsync("auth/token/lookup-self"));

        // A table written behind this instance's back (as another instance would) is not read again within the budget.
        using var other = vault.SecondInstance();
        await AuditCapture.EnableAsync(other, "out", "stdout");
        var before = capture.Entries().Count;
        for (var i = 0; i < 10; i++)
        {
            VaultAssert.Ok(await vault.ReadAsync("auth/token/lookup-self"));
        }

        Assert.Equal(before, capture.Entries().Count);
    }
}

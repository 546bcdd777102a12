using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;
using Serverless.Vault.Client.Auth;
using Serverless.Vault.Client.Configuration;
using Serverless.Vault.Client.Tokens;

namespace Serverless.Vault.Client.Tests.Configuration;

public sealed class VaultConfigurationProviderTests(DevVaultFixture fixture) : IClassFixture<DevVaultFixture>
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Build_SecretWithNestedAndDoubleUnderscoreKeys_MapsToConfigurationKeys()
    {
        await WriteAsync("cfg-map", new
        {
            ConnectionStrings__Db = "Host=db",
            Logging = new { LogLevel = new { Default = "Warning" } },
            Hosts = new[] { "a", "b" },
            Port = 5432,
            Enabled = true,
        });
        await fixture.Vault.SendAsync(HttpMethod.Post, "secret/data/cfg-map-colon", new { data = new Dictionary<string, string> { ["ConnectionStrings:Cache"] = "redis" } });
        using var client = fixture.Vault.NewClient();

        using var config = (ConfigurationRoot)new ConfigurationBuilder()
            .AddVaultKeyValue(client, o => { o.Paths.Add("cfg-map"); o.Paths.Add("cfg-map-colon"); })
            .Build();

        Assert.Equal("Host=db", config["ConnectionStrings:Db"]);
        Assert.Equal("redis", config.GetConnectionString("Cache"));
        Assert.Equal("Warning", config["Logging:LogLevel:Default"]);
        Assert.Equal(["a", "b"], config.GetSection("Hosts").Get<string[]>()!);
        Assert.Equal(5432, config.GetValue<int>("Port"));
        Assert.True(config.GetValue<bool>("enabled"));
    }

    [Fact]
    public async Task Build_KeyPrefixAndTwoPaths_PrefixesKeysAndLaterPathWins()
    {
        await WriteAsync("cfg-base", new { Name = "base", Only = "base-only" });
        await WriteAsync("cfg-override", new { Name = "override" });
        using var client = fixture.Vault.NewClient();

        using var config = (ConfigurationRoot)new ConfigurationBuilder()
            .AddVaultKeyValue(client, o =>
            {
                o.Paths.Add("cfg-base");
                o.Paths.Add("cfg-override");
                o.KeyPrefix = "Vault";
            })
            .Build();

        Assert.Equal("override", config["Vault:Name"]);
        Assert.Equal("base-only", config["Vault:Only"]);
        Assert.Null(config["Name"]);
    }

    [Fact]
    public async Task Poll_NewVersionWritten_ReloadsAndFiresChangeToken()
    {
        await WriteAsync("cfg-reload", new { Feature = "off" });
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var client = fixture.Vault.NewClient(time: time);
        using var config = (ConfigurationRoot)new ConfigurationBuilder()
            .AddVaultKeyValue(client, o => o.Paths.Add("cfg-reload"))
            .Build();
        var reloaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        config.GetReloadToken().RegisterChangeCallback(_ => reloaded.TrySetResult(), null);

        await WriteAsync("cfg-reload", new { Feature = "on" });
        time.Advance(Interval - TimeSpan.FromSeconds(1));
        Assert.Equal("off", config["Feature"]);
        time.Advance(TimeSpan.FromSeconds(1));
        await reloaded.Task.WaitAsync(Bound);

        Assert.Equal("on", config["Feature"]);
    }

    [Fact]
    public async Task Poll_VersionUnchanged_ReadsMetadataButNotData()
    {
        await WriteAsync("cfg-count", new { Value = "1" });
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var counter = new CountingHandler();
        using var client = NewCountingClient(counter, time);
        using var config = (ConfigurationRoot)new ConfigurationBuilder()
            .AddVaultKeyValue(client, o => o.Paths.Add("cfg-count"))
            .Build();
        var provider = config.Providers.OfType<VaultConfigurationProvider>().Single();

        time.Advance(Interval);
        await provider.LastPoll.WaitAsync(Bound);
        time.Advance(Interval);
        await provider.LastPoll.WaitAsync(Bound);
        var unchanged = (counter.MetadataReads, counter.DataReads);
        await WriteAsync("cfg-count", new { Value = "2" });
        time.Advance(Interval);
        await provider.LastPoll.WaitAsync(Bound);

        Assert.Equal((2, 1), unchanged);
        Assert.Equal((3, 2), (counter.MetadataReads, counter.DataReads));
        Assert.Equal("2", config["Value"]);
    }

    [Fact]
    public async Task Build_OptionalMissingSecret_IsEmptyAndPicksTheSecretUpLater()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var client = fixture.Vault.NewClient(time: time);
        using var config = (ConfigurationRoot)new ConfigurationBuilder()
            .AddVaultKeyValue(client, o => { o.Paths.Add("cfg-optional"); o.Optional = true; })
            .Build();
        var provider = config.Providers.OfType<VaultConfigurationProvider>().Single();
        var before = config.AsEnumerable().ToList();

        await WriteAsync("cfg-optional", new { Late = "yes" });
        time.Advance(Interval);
        await provider.LastPoll.WaitAsync(Bound);

        Assert.Empty(before);
        Assert.Equal("yes", config["Late"]);
    }

    [Fact]
    public void Build_RequiredMissingSecret_Throws()
    {
        using var client = fixture.Vault.NewClient();
        var builder = new ConfigurationBuilder().AddVaultKeyValue(client, o => o.Paths.Add("cfg-required-missing"));

        var error = Assert.Throws<InvalidOperationException>(() => builder.Build());

        Assert.Contains("secret/data/cfg-required-missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Poll_VaultRefusesTheToken_KeepsTheOldValues()
    {
        await WriteAsync("cfg-refused", new { Value = "kept" });
        using var root = fixture.Vault.NewClient();
        var auth = await root.Token.CreateAsync(new TokenCreateRequest { Ttl = TimeSpan.FromHours(1) });
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var client = fixture.Vault.NewClient(new TokenAuth(auth.ClientToken), time);
        using var config = (ConfigurationRoot)new ConfigurationBuilder()
            .AddVaultKeyValue(client, o => o.Paths.Add("cfg-refused"))
            .Build();
        var provider = config.Providers.OfType<VaultConfigurationProvider>().Single();

        await root.Token.RevokeAsync(auth.ClientToken);
        await WriteAsync("cfg-refused", new { Value = "new" });
        time.Advance(Interval);
        await provider.LastPoll.WaitAsync(Bound);

        Assert.Equal("kept", config["Value"]);
    }

    [Fact]
    public async Task Dispose_Configuration_StopsPolling()
    {
        await WriteAsync("cfg-dispose", new { Value = "1" });
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var counter = new CountingHandler();
        using var client = NewCountingClient(counter, time);
        var config = (ConfigurationRoot)new ConfigurationBuilder()
            .AddVaultKeyValue(client, o => o.Paths.Add("cfg-dispose"))
            .Build();
        var provider = config.Providers.OfType<VaultConfigurationProvider>().Single();

        config.Dispose();
        time.Advance(Interval * 3);
        await provider.LastPoll.WaitAsync(Bound);

        Assert.Equal(0, counter.MetadataReads);
    }

    [Fact]
    public async Task Build_WithClientOptionsAndAuth_LoadsThroughItsOwnClient()
    {
        await WriteAsync("cfg-own", new { Value = "own" });

        using var config = (ConfigurationRoot)new ConfigurationBuilder()
            .AddVaultKeyValue(new VaultClientOptions { Address = fixture.Vault.Address }, new TokenAuth(fixture.Vault.RootToken), o => o.Paths.Add("cfg-own"))
            .Build();

        Assert.Equal("own", config["Value"]);
    }

    private VaultClient NewCountingClient(CountingHandler counter, TimeProvider time) =>
        new(new HttpClient(counter), new VaultClientOptions { Address = fixture.Vault.Address }, new TokenAuth(fixture.Vault.RootToken), time);

    private Task WriteAsync(string path, object data) => fixture.Vault.SendAsync(HttpMethod.Post, $"secret/data/{path}", new { data });
}

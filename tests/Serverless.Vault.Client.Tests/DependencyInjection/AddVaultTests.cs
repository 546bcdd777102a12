using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Serverless.Vault.Client.Auth;
using Serverless.Vault.Client.DependencyInjection;
using Serverless.Vault.Client.Tests.Auth;

namespace Serverless.Vault.Client.Tests.DependencyInjection;

/// <summary><c>AddVault</c> in a real host: start-up validation, configuration binding and the resilience handler.</summary>
public sealed class AddVaultTests(DevVaultFixture fixture) : IClassFixture<DevVaultFixture>, IAsyncLifetime
{
    private DevVault Vault => fixture.Vault;

    public Task InitializeAsync() => VaultArrange.ReaderAndSecretAsync(Vault, "di/app", "from-di");

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task AddVault_MissingAddress_FailsAtStartSayingWhatToSet()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddVault(_ => { }, auth => auth.Token = "any");
        using var host = builder.Build();

        // The resilience options read the address too, so the same failure may come twice, wrapped together.
        var errors = ValidationErrors(await Record.ExceptionAsync(() => host.StartAsync()));

        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.Equal(typeof(VaultClientOptions), e.OptionsType));
        Assert.All(errors, e => Assert.Contains(e.Failures, f => f.Contains("set Address in the vault's configuration section", StringComparison.Ordinal) && f.Contains("VAULT_ADDR", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task AddVault_AppRoleWithoutRoleId_FailsAtStartSayingWhatToSet()
    {
        using var host = BuildHost(new() { ["Vault:Auth:Method"] = "AppRole", ["Vault:Auth:SecretId"] = "s-1" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal(typeof(VaultAuthOptions), error.OptionsType);
        var failure = Assert.Single(error.Failures);
        Assert.StartsWith("Auth:RoleId is required for the vault approle auth method: set it to the role's ID", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("s-1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddVault_UnknownMethod_FailsAtStartListingTheMethods()
    {
        using var host = BuildHost(new() { ["Vault:Auth:Method"] = "kerberos" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("use one of token, approle, userpass, jwt, azure", Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddVault_FromConfiguration_ReadsKvV2SecretEndToEnd()
    {
        var (roleId, secretId) = await VaultArrange.AppRoleAsync(Vault, "approle-di", "app");
        using var host = BuildHost(new()
        {
            ["Vault:RequestTimeout"] = "00:00:07",
            ["Vault:Auth:Method"] = "approle",
            ["Vault:Auth:Mount"] = "approle-di",
            ["Vault:Auth:RoleId"] = roleId,
            ["Vault:Auth:SecretId"] = secretId,
        });
        await host.StartAsync();
        var client = host.Services.GetRequiredService<VaultClient>();

        var secret = await client.KvV2().ReadAsync("di/app");

        Assert.Equal("from-di", secret!.Data["value"]!.GetValue<string>());
        Assert.Same(client, host.Services.GetRequiredService<VaultClient>());
        var resilience = host.Services.GetRequiredService<IOptionsMonitor<HttpStandardResilienceOptions>>().Get(VaultServiceCollectionExtensions.HttpClientName + "-standard");
        Assert.Equal(TimeSpan.FromSeconds(7), resilience.AttemptTimeout.Timeout);
        await host.StopAsync();
    }

    [Fact]
    public async Task AddVault_AuthMethodFromContainer_LogsInWithIt()
    {
        await Vault.SendAsync(HttpMethod.Post, "sys/auth/userpass-di", new { type = "userpass" });
        await Vault.SendAsync(HttpMethod.Post, "auth/userpass-di/users/dana", new { password = "pw-dana", token_policies = VaultArrange.ReaderPolicy });
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddVault(o => o.Address = Vault.Address, _ => new UserpassAuth("dana", "pw-dana", "userpass-di"));
        using var host = builder.Build();
        await host.StartAsync();
        var client = host.Services.GetRequiredService<VaultClient>();

        var secret = await client.KvV2().ReadAsync("di/app");

        Assert.Equal("from-di", secret!.Data["value"]!.GetValue<string>());
        var self = await client.ReadAsync("auth/token/lookup-self");
        Assert.Equal("auth/userpass-di/login/dana", self!.Data!["path"]!.GetValue<string>());
        await host.StopAsync();
    }

    [Fact]
    public void VaultEnvironment_UnsetSettings_TakeTheVaultVariables()
    {
        var variables = new Dictionary<string, string> { ["VAULT_ADDR"] = "https://vault.env:8200", ["VAULT_NAMESPACE"] = "team-a", ["VAULT_TOKEN"] = "env-token" };
        var environment = new VaultEnvironment(variables.GetValueOrDefault);
        var unset = new VaultClientOptions();
        var set = new VaultClientOptions { Address = new Uri("https://vault.config:8200"), Namespace = "team-b" };
        var auth = new VaultAuthOptions();
        var approle = new VaultAuthOptions { Method = "approle", RoleId = "r" };

        environment.PostConfigure(null, unset);
        environment.PostConfigure(null, set);
        environment.PostConfigure(null, auth);
        environment.PostConfigure(null, approle);

        Assert.Equal(new Uri("https://vault.env:8200"), unset.Address);
        Assert.Equal("team-a", unset.Namespace);
        Assert.Equal(new Uri("https://vault.config:8200"), set.Address);
        Assert.Equal("team-b", set.Namespace);
        Assert.Equal("env-token", auth.Token);
        Assert.Null(approle.Token);
    }

    [Fact]
    public async Task Resilience_GetAnswered503_IsRetried()
    {
        var attempts = new ConcurrentDictionary<string, int>();
        using var host = BuildHost(new() { ["Vault:Auth:Token"] = Vault.RootToken }, attempts, prefix: "secret/", failures: 2);
        await host.StartAsync();
        var client = host.Services.GetRequiredService<VaultClient>();

        var secret = await client.KvV2().ReadAsync("di/app");

        Assert.Equal("from-di", secret!.Data["value"]!.GetValue<string>());
        Assert.Equal(3, attempts["GET secret/data/di/app"]);
        await host.StopAsync();
    }

    [Fact]
    public async Task Resilience_LoginAnswered503_IsSentOnce()
    {
        var (roleId, secretId) = await VaultArrange.AppRoleAsync(Vault, "approle-flaky", "app");
        var attempts = new ConcurrentDictionary<string, int>();
        using var host = BuildHost(
            new() { ["Vault:Auth:Method"] = "approle", ["Vault:Auth:Mount"] = "approle-flaky", ["Vault:Auth:RoleId"] = roleId, ["Vault:Auth:SecretId"] = secretId },
            attempts, prefix: "auth/approle-flaky/login", failures: int.MaxValue);
        await host.StartAsync();
        var client = host.Services.GetRequiredService<VaultClient>();

        var error = await Assert.ThrowsAsync<VaultApiException>(() => client.KvV2().ReadAsync("di/app"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal(1, attempts["POST auth/approle-flaky/login"]);
        Assert.DoesNotContain(secretId, error.ToString(), StringComparison.Ordinal);
        await host.StopAsync();
    }

    private static List<OptionsValidationException> ValidationErrors(Exception? error) => error switch
    {
        OptionsValidationException validation => [validation],
        AggregateException aggregate => [.. aggregate.InnerExceptions.Select(e => Assert.IsType<OptionsValidationException>(e))],
        _ => throw new Xunit.Sdk.XunitException($"Expected an options validation failure, got {error}"),
    };

    /// <summary>A host with AddVault bound from in-memory configuration (the vault's address added), optionally behind a <see cref="FlakyHandler"/>.</summary>
    private IHost BuildHost(Dictionary<string, string?> settings, ConcurrentDictionary<string, int>? attempts = null, string prefix = "", int failures = 0)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        settings.TryAdd("Vault:Address", Vault.Address.ToString());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddVault(builder.Configuration.GetSection("Vault"));
        if (attempts is not null)
        {
            builder.Services.AddHttpClient(VaultServiceCollectionExtensions.HttpClientName).AddHttpMessageHandler(() => new FlakyHandler(attempts, prefix, failures));

            // Back-off is not under test: retry at once.
            builder.Services.Configure<HttpStandardResilienceOptions>(VaultServiceCollectionExtensions.HttpClientName + "-standard", o => o.Retry.Delay = TimeSpan.Zero);
        }

        return builder.Build();
    }
}

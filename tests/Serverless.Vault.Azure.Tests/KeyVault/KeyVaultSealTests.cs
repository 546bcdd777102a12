using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Serverless.Vault.Azure.KeyVault;
using Serverless.Vault.Core.Barrier;

namespace Serverless.Vault.Azure.Tests.KeyVault;

public sealed class KeyVaultSealTests : IAsyncLifetime
{
    private FakeKeyVault _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeKeyVault.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task Unwrap_FreshSealAfterKeyRotatedInVault_UsesVersionThatWrapped()
    {
        var rootKey = RandomNumberGenerator.GetBytes(32);
        var wrapped = await FakeKeyVaultClients.Seal(_fake).WrapAsync(rootKey, CancellationToken.None);
        var version = _fake.LatestVersion;
        _fake.RotateKey();

        var unwrapped = await FakeKeyVaultClients.Seal(_fake).UnwrapAsync(wrapped, CancellationToken.None);

        Assert.Equal(rootKey, unwrapped);
        Assert.Equal("azurekeyvault", FakeKeyVaultClients.Seal(_fake).Type);
        Assert.Contains(version, Encoding.UTF8.GetString(wrapped), StringComparison.Ordinal);
        Assert.Equal($"/keys/{FakeKeyVault.KeyName}/{version}/unwrapkey", _fake.Requests[^1].Path);
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized, "access denied")]
    [InlineData(HttpStatusCode.Forbidden, "access denied")]
    [InlineData(HttpStatusCode.NotFound, "does not exist")]
    [InlineData(HttpStatusCode.InternalServerError, "failed (500)")]
    [InlineData(HttpStatusCode.ServiceUnavailable, "failed (503)")]
    public async Task Unwrap_ErrorStatus_ThrowsSealUnavailable(HttpStatusCode status, string expected)
    {
        var wrapped = await FakeKeyVaultClients.Seal(_fake).WrapAsync(new byte[32], CancellationToken.None);
        _fake.FailWith(status);

        var error = await Assert.ThrowsAsync<SealUnavailableException>(() => FakeKeyVaultClients.Seal(_fake).UnwrapAsync(wrapped, CancellationToken.None));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Null(error.RetryAfter);
    }

    [Fact]
    public async Task Wrap_Throttled_ThrowsWithRetryAfterWithoutWaitingInside()
    {
        _fake.FailWith(HttpStatusCode.TooManyRequests, "17");
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<SealUnavailableException>(() => FakeKeyVaultClients.Seal(_fake).WrapAsync(new byte[32], CancellationToken.None));

        Assert.Equal(TimeSpan.FromSeconds(17), error.RetryAfter);
        Assert.Single(_fake.Requests); // no in-pipeline retry that would sleep 17 s
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Wrap_RetryAfterAsHttpDate_ThrowsWithRemainingTime()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var until = time.GetUtcNow().AddSeconds(45);
        _fake.FailWith(HttpStatusCode.ServiceUnavailable, until.ToString("r", CultureInfo.InvariantCulture));

        var error = await Assert.ThrowsAsync<SealUnavailableException>(() => FakeKeyVaultClients.Seal(_fake, time: time).WrapAsync(new byte[32], CancellationToken.None));

        // The HTTP date has whole seconds, so up to one second is lost to rounding.
        Assert.InRange(error.RetryAfter!.Value.TotalSeconds, 44, 45);
    }

    [Fact]
    public async Task Wrap_TransientServerError_RetriedOnlyTwice()
    {
        _fake.FailWith(HttpStatusCode.InternalServerError);

        await Assert.ThrowsAsync<SealUnavailableException>(() => FakeKeyVaultClients.Seal(_fake).WrapAsync(new byte[32], CancellationToken.None));

        Assert.Equal(3, _fake.Requests.Count);
    }

    [Fact]
    public async Task Unwrap_ServerSlowerThanTimeout_ThrowsSealUnavailableQuickly()
    {
        var wrapped = await FakeKeyVaultClients.Seal(_fake).WrapAsync(new byte[32], CancellationToken.None);
        _fake.DelayBy(TimeSpan.FromSeconds(30));
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<SealUnavailableException>(() =>
            FakeKeyVaultClients.Seal(_fake, timeout: TimeSpan.FromMilliseconds(200)).UnwrapAsync(wrapped, CancellationToken.None));

        Assert.Contains("timed out", error.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        _fake.Recover();
    }

    [Fact]
    public async Task Unwrap_BytesWrappedByAnotherKey_ThrowsSealUnavailable()
    {
        var wrapped = await FakeKeyVaultClients.Seal(_fake).WrapAsync(new byte[32], CancellationToken.None);
        var json = Encoding.UTF8.GetString(wrapped);
        await using var otherVault = await FakeKeyVault.StartAsync();
        var foreign = await FakeKeyVaultClients.Seal(otherVault).WrapAsync(new byte[32], CancellationToken.None);
        var foreignValue = System.Text.Json.Nodes.JsonNode.Parse(foreign)!["value"]!.GetValue<string>();
        var swapped = System.Text.Json.Nodes.JsonNode.Parse(json)!;
        swapped["value"] = foreignValue;

        var error = await Assert.ThrowsAsync<SealUnavailableException>(() =>
            FakeKeyVaultClients.Seal(_fake).UnwrapAsync(Encoding.UTF8.GetBytes(swapped.ToJsonString()), CancellationToken.None));

        Assert.Contains("400", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unwrap_EnvelopeNamingAnotherHost_RefusedWithoutSendingToken()
    {
        await using var attacker = await FakeKeyVault.StartAsync();
        var wrapped = await FakeKeyVaultClients.Seal(attacker).WrapAsync(new byte[32], CancellationToken.None);
        var before = attacker.Requests.Count;

        await Assert.ThrowsAsync<SealUnavailableException>(() => FakeKeyVaultClients.Seal(_fake).UnwrapAsync(wrapped, CancellationToken.None));

        Assert.Equal(before, attacker.Requests.Count);
        Assert.Empty(_fake.Requests);
    }

    [Fact]
    public async Task Unwrap_MalformedEnvelope_ThrowsSealUnavailable()
    {
        await Assert.ThrowsAsync<SealUnavailableException>(() =>
            FakeKeyVaultClients.Seal(_fake).UnwrapAsync(RandomNumberGenerator.GetBytes(40), CancellationToken.None));
    }

    [Fact]
    public async Task Wrap_NothingListening_ThrowsSealUnavailable()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // the port is now closed: connections are refused
        var seal = new KeyVaultSeal(FakeKeyVaultClients.Key(_fake, keyId: new Uri($"http://127.0.0.1:{port}/keys/vault-seal")));

        await Assert.ThrowsAsync<SealUnavailableException>(() => seal.WrapAsync(new byte[32], CancellationToken.None));
    }

    [Fact]
    public async Task Unwrap_CallerCancels_ThrowsCancellationNotSealUnavailable()
    {
        var wrapped = await FakeKeyVaultClients.Seal(_fake).WrapAsync(new byte[32], CancellationToken.None);
        _fake.DelayBy(TimeSpan.FromSeconds(30));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => FakeKeyVaultClients.Seal(_fake).UnwrapAsync(wrapped, cts.Token));
        _fake.Recover();
    }
}

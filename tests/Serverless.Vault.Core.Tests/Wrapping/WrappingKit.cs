using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Tests.Pipeline;

namespace Serverless.Vault.Core.Tests.Wrapping;

/// <summary>Wrapped requests through the pipeline, and the sys/wrapping calls that undo them.</summary>
internal static class WrappingKit
{
    public static readonly TimeSpan FiveMinutes = TimeSpan.FromMinutes(5);

    /// <summary>Sends a request with X-Vault-Wrap-TTL set.</summary>
    public static Task<VaultResponse?> SendWrappedAsync(
        this TestVault vault, Operation operation, string path, TimeSpan ttl, JsonObject? data = null, string? token = TestVault.RootToken) =>
        vault.SendAsync(operation, path, data, token, wrapTtl: ttl);

    /// <summary>Asserts a wrapped answer (wrap_info only, empty request id) and returns its wrap_info.</summary>
    public static JsonObject WrapInfo(VaultResponse? response)
    {
        Assert.NotNull(response);
        Assert.True(response.Errors is null, $"Expected a wrapped answer, got {response.StatusCode}: {string.Join("; ", response.Errors ?? [])}");
        Assert.Equal("", response.RequestId);
        Assert.Null(response.Data);
        Assert.Null(response.Auth);
        Assert.Equal("", response.LeaseId);
        Assert.Equal(0, response.LeaseDuration);
        return Assert.IsType<JsonObject>(response.WrapInfo);
    }

    public static string Token(JsonObject wrapInfo) => wrapInfo["token"]!.GetValue<string>();

    /// <summary>sys/wrapping/unwrap with the wrapping token in the body, as a third party holding <paramref name="caller"/>.</summary>
    public static Task<VaultResponse?> UnwrapAsync(this TestVault vault, string wrappingToken, string? caller = TestVault.RootToken) =>
        vault.WriteAsync("sys/wrapping/unwrap", new JsonObject { ["token"] = wrappingToken }, caller);

    /// <summary>Asserts the raw original envelope an unwrap returns.</summary>
    public static JsonObject Unwrapped(VaultResponse? response) => VaultAssert.Raw(response);
}

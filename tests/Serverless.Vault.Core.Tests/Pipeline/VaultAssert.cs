using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Tests.Pipeline;

/// <summary>Assertions on <see cref="VaultResponse"/> that say what was expected in Vault's own terms.</summary>
internal static class VaultAssert
{
    /// <summary>Asserts an error answer with this status and these exact messages.</summary>
    public static void Error(VaultResponse? response, int status, params string[] errors)
    {
        Assert.NotNull(response);
        Assert.Equal(status, response.StatusCode);
        Assert.NotNull(response.Errors);
        Assert.Equal(errors, response.Errors);
    }

    /// <summary>Asserts an error answer with this status whose single message contains <paramref name="fragment"/>.</summary>
    public static void ErrorContaining(VaultResponse? response, int status, string fragment)
    {
        Assert.NotNull(response);
        Assert.Equal(status, response.StatusCode);
        var message = Assert.Single(response.Errors ?? []);
        Assert.Contains(fragment, message, StringComparison.Ordinal);
    }

    /// <summary>Asserts a 204 (no response object), showing the errors or warnings when there was one.</summary>
    public static void NoContent(VaultResponse? response)
    {
        Assert.True(
            response is null,
            $"Expected 204, got {response?.StatusCode ?? 200}: {string.Join("; ", [.. response?.Errors ?? [], .. response?.Warnings ?? []])}");
    }

    /// <summary>Asserts a 200 envelope answer and returns its data.</summary>
    public static JsonObject Ok(VaultResponse? response)
    {
        Assert.NotNull(response);
        Assert.True(response.Errors is null, $"Expected success, got errors: {string.Join("; ", response.Errors ?? [])}");
        Assert.Null(response.StatusCode);
        Assert.Null(response.RawBody);
        return Assert.IsType<JsonObject>(response.Data);
    }

    /// <summary>Asserts a raw (no envelope) body with this status and returns it.</summary>
    /// <summary>A success with an auth block (login, token create or renew); returns the block.</summary>
    public static JsonObject Auth(VaultResponse? response)
    {
        Assert.NotNull(response);
        Assert.True(response.Errors is null, $"expected success, got {response.StatusCode}: {string.Join("; ", response.Errors ?? [])}");
        return Assert.IsType<JsonObject>(response.Auth);
    }

    public static JsonObject Raw(VaultResponse? response, int status = 200)
    {
        Assert.NotNull(response);
        Assert.True(response.Errors is null, $"Expected success, got errors: {string.Join("; ", response.Errors ?? [])}");
        Assert.Equal(status, response.StatusCode);
        return Assert.IsType<JsonObject>(response.RawBody);
    }
}

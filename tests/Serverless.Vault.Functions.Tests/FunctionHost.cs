using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Vault.Core.System;
using Serverless.Vault.Http;

namespace Serverless.Vault.Functions.Tests;

/// <summary>
/// The Function App's services as Program.cs composes them (in-memory storage, local seal), with the function classes
/// invoked directly: no Functions host, no network. Each call runs the returned IResult against a fresh HttpContext.
/// </summary>
internal sealed class FunctionHost : IDisposable
{
    public const string RootToken = "root-token";

    private readonly ServiceProvider _services;

    private FunctionHost()
    {
        var options = new VaultHostingOptions { Seal = { Type = "local", Key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) } };
        _services = new ServiceCollection().AddLogging().AddVault(options).BuildServiceProvider(validateScopes: true);
    }

    public IServiceProvider Services => _services;

    public static FunctionHost Uninitialized() => new();

    public static async Task<FunctionHost> InitializedAsync()
    {
        var host = new FunctionHost();
        await host.Services.GetRequiredService<VaultInitializer>().InitializeAsync(RootToken, CancellationToken.None);
        return host;
    }

    /// <summary>Sends one request through <see cref="ApiFunction"/> and returns the response as written to the wire.</summary>
    public async Task<FunctionResponse> SendAsync(
        string method,
        string pathAndQuery,
        string? body = null,
        string? token = RootToken,
        string? contentType = "application/json",
        Action<HttpRequest>? configure = null)
    {
        var context = new DefaultHttpContext { RequestServices = _services };
        var query = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        context.Request.Method = method;
        context.Request.Path = query < 0 ? pathAndQuery : pathAndQuery[..query];
        context.Request.QueryString = query < 0 ? QueryString.Empty : new QueryString(pathAndQuery[query..]);
        if (token is not null)
        {
            context.Request.Headers["X-Vault-Token"] = token;
        }

        if (body is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Request.Body = new MemoryStream(bytes);
            context.Request.ContentLength = bytes.Length;
            context.Request.ContentType = contentType;
        }

        configure?.Invoke(context.Request);
        var responseBody = new MemoryStream();
        context.Response.Body = responseBody;

        var function = new ApiFunction(_services.GetRequiredService<VaultHttpAdapter>());
        var result = await function.RunAsync(context.Request, CancellationToken.None);
        await result.ExecuteAsync(context);

        var text = Encoding.UTF8.GetString(responseBody.ToArray());
        return new FunctionResponse(context.Response.StatusCode, context.Response.ContentType, context.Response.Headers, text);
    }

    public void Dispose() => _services.Dispose();
}

/// <summary>What the client would see: status, Content-Type, headers and body text.</summary>
internal sealed record FunctionResponse(int StatusCode, string? ContentType, IHeaderDictionary Headers, string Body)
{
    /// <summary>The body as a JSON object; fails the test when it is not one.</summary>
    public JsonObject Json => Assert.IsType<JsonObject>(JsonNode.Parse(Body));
}

using Serverless.Vault.Load.Running;

namespace Serverless.Vault.Load.Tests;

/// <summary>A test of the tool: one GET of a fixed URL per call, failing on a non-2xx answer.</summary>
internal sealed class HttpGetTest(Uri url) : ILoadTest, IDisposable
{
    private readonly HttpClient _client = new(new SocketsHttpHandler { UseProxy = false });

    public Task SetupAsync(LoadContext context, CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var response = await _client.GetAsync(url, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public void Dispose() => _client.Dispose();
}

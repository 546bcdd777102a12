using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Serverless.Vault.Testing.Fixtures;

namespace Serverless.Vault.Server.Tests;

/// <summary>
/// The Kestrel host as a separate process (<c>dotnet Serverless.Vault.Server.dll</c>) on a free loopback port, for
/// tests that need several server instances sharing one storage, as in production. Killed on dispose.
/// </summary>
public sealed class VaultProcess : IAsyncDisposable
{
    private const int StartAttempts = 3;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output;

    private VaultProcess(Process process, ConcurrentQueue<string> output, Uri address)
    {
        _process = process;
        _output = output;
        Address = address;
        Client = new HttpClient { BaseAddress = address };
    }

    public Uri Address { get; }

    public HttpClient Client { get; }

    /// <summary>The last lines the server printed, to explain a failure.</summary>
    public string RecentOutput => string.Join('\n', _output);

    /// <summary>Starts the non-dev server ("Key=Value" settings become --Key=Value) and waits until it listens.</summary>
    public static async Task<VaultProcess> StartAsync(params string[] settings)
    {
        var serverDll = Path.Combine(AppContext.BaseDirectory, "Serverless.Vault.Server.dll");
        var failures = new List<string>();
        for (var attempt = 1; attempt <= StartAttempts; attempt++)
        {
            // The free port may be taken before the server binds it; then the process exits and another port is tried.
            var port = FreePort.Next();
            var start = new ProcessStartInfo("dotnet");
            foreach (var argument in (string[])[serverDll, $"--urls=http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}", "--Logging:LogLevel:Default=Warning", .. settings.Select(s => "--" + s)])
            {
                start.ArgumentList.Add(argument);
            }

            var output = new ConcurrentQueue<string>();
            var process = ProcessRunner.StartDrained(start, output);
            if (await FreePort.WaitUntilListeningAsync(port, StartTimeout, () => process.HasExited))
            {
                return new VaultProcess(process, output, new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}"));
            }

            await ProcessRunner.StopAsync(process);
            failures.Add(string.Join('\n', output));
        }

        throw new InvalidOperationException($"The server process did not start after {StartAttempts} attempts:\n{string.Join("\n---\n", failures)}");
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token, JsonNode? body = null)
    {
        using var request = new HttpRequestMessage(method, "/v1/" + path);
        if (token is not null)
        {
            request.Headers.Add("X-Vault-Token", token);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        }

        return await Client.SendAsync(request);
    }

    public async Task<JsonObject> ReadJsonAsync(HttpMethod method, string path, string? token, JsonNode? body = null)
    {
        using var response = await SendAsync(method, path, token, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {Address}v1/{path}: {(int)response.StatusCode} {text}\nServer output:\n{RecentOutput}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await ProcessRunner.StopAsync(_process);
    }

}

using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Serverless.Vault.Testing.Fixtures;

namespace Serverless.Vault.Server.Tests;

/// <summary>What a newcomer does: start the server in dev mode as a process, read the printed lines, call it.</summary>
public sealed partial class DevServerProcessTests
{
    [Fact]
    public async Task DevMode_PrintsExportLines_AndServesSysMountsWithPrintedToken()
    {
        var port = FreePort.Next();
        var serverDll = Path.Combine(AppContext.BaseDirectory, "Serverless.Vault.Server.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { serverDll, "dev", $"--urls=http://127.0.0.1:{port}" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment.Remove("VAULT_DEV_ROOT_TOKEN_ID");
        using var process = Process.Start(start)!;
        try
        {
            string? address = null;
            string? token = null;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while ((address is null || token is null) && await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (ExportLine().Match(line) is { Success: true } match)
                {
                    if (match.Groups[1].Value == "VAULT_ADDR")
                    {
                        address = match.Groups[2].Value;
                    }
                    else
                    {
                        token = match.Groups[2].Value;
                    }
                }
            }

            Assert.Equal($"http://127.0.0.1:{port}", address);
            Assert.Matches("^hvs\\.[0-9A-Za-z]{24}$", token);

            using var client = new HttpClient { BaseAddress = new Uri(address!) };
            using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/sys/mounts");
            request.Headers.Add("X-Vault-Token", token);
            using var response = await client.SendAsync(request);
            Assert.Equal(200, (int)response.StatusCode);
            Assert.Equal(new MediaTypeHeaderValue("application/json"), response.Content.Headers.ContentType);
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.Equal("system", body["data"]!["sys/"]!["type"]!.GetValue<string>());
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [GeneratedRegex("^export (VAULT_ADDR|VAULT_TOKEN)='([^']*)'$")]
    private static partial Regex ExportLine();
}

using System.Text.Json;
using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Bench.Transit;

/// <summary>The in-process core over in-memory storage with the transit mount, key, policy and non-root token of the HTTP side.</summary>
internal sealed class InProcessVault : IDisposable
{
    private readonly InProcessCore _core;
    private string _token;

    private InProcessVault(InProcessCore core)
    {
        _core = core;
        _token = core.RootToken;
    }

    public static async Task<InProcessVault> StartAsync(CancellationToken cancellationToken) =>
        new(await InProcessCore.StartAsync(new InMemoryStorage(), cancellationToken).ConfigureAwait(false));

    /// <summary>The same mount, key, policy and non-root token as the HTTP side.</summary>
    public async Task SetUpAsync(CancellationToken cancellationToken)
    {
        await _core.SendAsync(Operation.Update, "sys/mounts/" + BenchKey.Mount, new JsonObject { ["type"] = "transit" }, _core.RootToken, cancellationToken).ConfigureAwait(false);
        await _core.SendAsync(Operation.Update, BenchKey.KeyPath, new JsonObject { ["type"] = "aes256-gcm96" }, _core.RootToken, cancellationToken).ConfigureAwait(false);
        _token = await _core.TokenWithPolicyAsync(BenchKey.PolicyName, BenchKey.Policy, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// One request; the body is parsed from its JSON bytes on every call, in place and disposed after the request, as the
    /// HTTP adapter does, and handed over with the document it came from. The response is not serialised: that is the adapter's job and is not part of this measurement.
    /// </summary>
    public async ValueTask<VaultResponse?> SendAsync(Operation operation, string path, byte[]? body, CancellationToken cancellationToken)
    {
        if (body is null)
        {
            return await _core.SendAsync(operation, path, [], _token, cancellationToken).ConfigureAwait(false);
        }

        using var document = JsonDocument.Parse(body.AsMemory());
        var data = JsonObject.Create(document.RootElement)!;
        return await _core.SendAsync(operation, path, data, _token, cancellationToken, new ParsedBody(data, document.RootElement)).ConfigureAwait(false);
    }

    public void Dispose() => _core.Dispose();
}

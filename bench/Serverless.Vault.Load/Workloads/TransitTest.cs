using System.Text.Json;
using System.Text.Json.Nodes;
using Serverless.Vault.Load.Client;
using Serverless.Vault.Load.Running;

namespace Serverless.Vault.Load.Workloads;

/// <summary>
/// transit_encrypt / _decrypt / _sign / _verify on key "load" of option "key_type" (aes256-gcm96 for encrypt and
/// decrypt, ecdsa-p256 for sign and verify) with a "payload_size"-byte plaintext (default 128). Decrypt and verify
/// replay one ciphertext or signature made at setup; verify also checks the answer says valid.
/// </summary>
internal sealed class TransitTest(TransitOperation operation) : ILoadTest
{
    private LoadContext? _context;
    private string _path = "";
    private byte[] _body = [];

    public async Task SetupAsync(LoadContext context, CancellationToken cancellationToken)
    {
        _context = context;
        var signing = operation is TransitOperation.Sign or TransitOperation.Verify;
        var mount = await context.MountSecretsAsync("transit", null, cancellationToken).ConfigureAwait(false);
        var keyType = context.Options.String("key_type", signing ? "ecdsa-p256" : "aes256-gcm96");
        await context.Client.SendAsync(HttpMethod.Post, $"{mount}/keys/load", new JsonObject { ["type"] = keyType }, cancellationToken).ConfigureAwait(false);
        var input = Payloads.Base64(context.Options.Int("payload_size", 128));
        var body = signing ? new JsonObject { ["input"] = input } : new JsonObject { ["plaintext"] = input };
        var made = operation switch
        {
            TransitOperation.Decrypt => await context.Client.SendAsync(HttpMethod.Post, $"{mount}/encrypt/load", body.DeepClone(), cancellationToken).ConfigureAwait(false),
            TransitOperation.Verify => await context.Client.SendAsync(HttpMethod.Post, $"{mount}/sign/load", body.DeepClone(), cancellationToken).ConfigureAwait(false),
            _ => null,
        };
        if (operation == TransitOperation.Decrypt)
        {
            body = new JsonObject { ["ciphertext"] = made?["data"]?["ciphertext"]?.GetValue<string>() };
        }
        else if (operation == TransitOperation.Verify)
        {
            body["signature"] = made?["data"]?["signature"]?.GetValue<string>();
        }

        _path = $"{mount}/{operation.ToString().ToLowerInvariant()}/load";
        _body = JsonSerializer.SerializeToUtf8Bytes(body);
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (operation != TransitOperation.Verify)
        {
            await _context!.Client.CallAsync(HttpMethod.Post, _path, _body, cancellationToken).ConfigureAwait(false);
            return;
        }

        var answer = await _context!.Client.SendAsync(HttpMethod.Post, _path, JsonNode.Parse(_body), cancellationToken).ConfigureAwait(false);
        if (answer?["data"]?["valid"]?.GetValue<bool>() != true)
        {
            throw new InvalidOperationException("transit verify answered valid=false for a signature it made");
        }
    }
}

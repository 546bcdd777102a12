using System.Text.Json.Nodes;

namespace Serverless.Vault.Client.Transit;

/// <summary>
/// A transit engine mount: encrypt, decrypt, rewrap, sign, verify, HMAC and data keys with named keys. Bytes go in and
/// come out as bytes: the base64 the wire needs is done here.
/// </summary>
public sealed class TransitClient : VaultMountClient
{
    internal TransitClient(VaultClient client, string mount)
        : base(client, mount)
    {
    }

    /// <summary>Creates a named key of <paramref name="type"/> (<c>aes256-gcm96</c>, <c>ed25519</c>, <c>ecdsa-p256</c>, <c>rsa-2048</c>, <c>hmac</c>...); an existing key is left as it is.</summary>
    public async Task CreateKeyAsync(string name, string type = "aes256-gcm96", CancellationToken cancellationToken = default) =>
        await Client.WriteAsync($"{Mount}/keys/{name}", new JsonObject { ["type"] = type }, cancellationToken).ConfigureAwait(false);

    /// <summary>Adds a new version to the key; new ciphertexts use it, old ones still decrypt.</summary>
    public async Task RotateKeyAsync(string name, CancellationToken cancellationToken = default) =>
        await Client.WriteAsync($"{Mount}/keys/{name}/rotate", null, cancellationToken).ConfigureAwait(false);

    /// <summary>The key's type, versions and settings; null when there is no such key.</summary>
    public async Task<TransitKeyInfo?> ReadKeyAsync(string name, CancellationToken cancellationToken = default)
    {
        var response = await Client.ReadAsync($"{Mount}/keys/{name}", cancellationToken).ConfigureAwait(false);
        return response?.Data is null ? null : response.DataAs<TransitKeyInfo>();
    }

    /// <summary>Encrypts with the key's newest version (or <paramref name="keyVersion"/>); the ciphertext reads <c>vault:v&lt;N&gt;:...</c>.</summary>
    public async Task<string> EncryptAsync(string key, ReadOnlyMemory<byte> plaintext, ReadOnlyMemory<byte>? context = null, int? keyVersion = null, CancellationToken cancellationToken = default)
    {
        var body = TransitWire.Encrypt(new TransitEncryptItem(plaintext, context));
        TransitWire.AddKeyVersion(body, keyVersion);
        var data = await PostAsync("encrypt", key, body, cancellationToken).ConfigureAwait(false);
        return TransitWire.String(data, "ciphertext");
    }

    public async Task<byte[]> DecryptAsync(string key, string ciphertext, ReadOnlyMemory<byte>? context = null, CancellationToken cancellationToken = default)
    {
        var data = await PostAsync("decrypt", key, TransitWire.Decrypt(new TransitDecryptItem(ciphertext, context)), cancellationToken).ConfigureAwait(false);
        return Convert.FromBase64String(data["plaintext"]?.GetValue<string>() ?? throw new VaultApiException("The transit response has no 'plaintext'."));
    }

    /// <summary>Encrypts many items in one request; a refused item carries its error and does not fail the others.</summary>
    public async Task<IReadOnlyList<TransitEncryptResult>> EncryptBatchAsync(string key, IEnumerable<TransitEncryptItem> items, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        var results = await BatchAsync("encrypt", key, [.. items.Select(TransitWire.Encrypt)], cancellationToken).ConfigureAwait(false);
        return [.. results.Select(r => new TransitEncryptResult(
            TransitWire.OptionalString(r, "ciphertext"), r["key_version"]?.GetValue<int>() ?? 0, TransitWire.OptionalString(r, "reference"), TransitWire.OptionalString(r, "error")))];
    }

    /// <summary>Decrypts many items in one request; a refused item carries its error and does not fail the others.</summary>
    public async Task<IReadOnlyList<TransitDecryptResult>> DecryptBatchAsync(string key, IEnumerable<TransitDecryptItem> items, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        var results = await BatchAsync("decrypt", key, [.. items.Select(TransitWire.Decrypt)], cancellationToken).ConfigureAwait(false);
        return [.. results.Select(r =>
        {
            var error = TransitWire.OptionalString(r, "error");
            var plaintext = error is null ? Convert.FromBase64String(r["plaintext"]?.GetValue<string>() ?? string.Empty) : null;
            return new TransitDecryptResult(plaintext, TransitWire.OptionalString(r, "reference"), error);
        })];
    }

    /// <summary>Re-encrypts a ciphertext with the key's newest version (or <paramref name="keyVersion"/>) without revealing the plaintext.</summary>
    public async Task<string> RewrapAsync(string key, string ciphertext, ReadOnlyMemory<byte>? context = null, int? keyVersion = null, CancellationToken cancellationToken = default)
    {
        var body = TransitWire.Decrypt(new TransitDecryptItem(ciphertext, context));
        TransitWire.AddKeyVersion(body, keyVersion);
        var data = await PostAsync("rewrap", key, body, cancellationToken).ConfigureAwait(false);
        return TransitWire.String(data, "ciphertext");
    }

    /// <summary>
    /// Signs <paramref name="data"/> (hashed with <paramref name="hashAlgorithm"/>, <c>sha2-256</c> by default, unless
    /// <paramref name="prehashed"/>); <paramref name="signatureAlgorithm"/> is <c>pss</c> or <c>pkcs1v15</c> for RSA keys.
    /// </summary>
    public async Task<string> SignAsync(string key, ReadOnlyMemory<byte> data, string? hashAlgorithm = null, string? signatureAlgorithm = null, bool prehashed = false, CancellationToken cancellationToken = default)
    {
        var body = TransitWire.Signing(data, hashAlgorithm, signatureAlgorithm, prehashed);
        var response = await PostAsync("sign", key, body, cancellationToken).ConfigureAwait(false);
        return TransitWire.String(response, "signature");
    }

    /// <summary>Whether <paramref name="signature"/> is the key's signature of <paramref name="data"/>; false for a wrong one.</summary>
    public async Task<bool> VerifyAsync(string key, ReadOnlyMemory<byte> data, string signature, string? hashAlgorithm = null, string? signatureAlgorithm = null, bool prehashed = false, CancellationToken cancellationToken = default)
    {
        var body = TransitWire.Signing(data, hashAlgorithm, signatureAlgorithm, prehashed);
        body["signature"] = signature;
        return await VerifyAsync(key, body, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The HMAC of <paramref name="data"/> with the key's HMAC key; reads <c>vault:v&lt;N&gt;:...</c>.</summary>
    public async Task<string> HmacAsync(string key, ReadOnlyMemory<byte> data, string? algorithm = null, int? keyVersion = null, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject { ["input"] = Convert.ToBase64String(data.Span) };
        if (algorithm is not null)
        {
            body["algorithm"] = algorithm;
        }

        TransitWire.AddKeyVersion(body, keyVersion);
        var response = await PostAsync("hmac", key, body, cancellationToken).ConfigureAwait(false);
        return TransitWire.String(response, "hmac");
    }

    /// <summary>Whether <paramref name="hmac"/> (from <see cref="HmacAsync"/>) matches <paramref name="data"/>.</summary>
    public async Task<bool> VerifyHmacAsync(string key, ReadOnlyMemory<byte> data, string hmac, string? algorithm = null, CancellationToken cancellationToken = default)
    {
        var body = TransitWire.Signing(data, algorithm, null, false);
        body["hmac"] = hmac;
        return await VerifyAsync(key, body, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A new random data key of <paramref name="bits"/> (128, 256 or 512), wrapped under <paramref name="key"/>.</summary>
    public async Task<TransitDataKey> GenerateDataKeyAsync(string key, TransitDataKeyKind kind = TransitDataKeyKind.Plaintext, int bits = 256, ReadOnlyMemory<byte>? context = null, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject { ["bits"] = bits };
        TransitWire.AddBase64(body, "context", context);
        var operation = kind == TransitDataKeyKind.Plaintext ? "datakey/plaintext" : "datakey/wrapped";
        var data = await PostAsync(operation, key, body, cancellationToken).ConfigureAwait(false);
        var plaintext = TransitWire.OptionalString(data, "plaintext");
        return new TransitDataKey(
            plaintext is null ? null : Convert.FromBase64String(plaintext),
            TransitWire.String(data, "ciphertext"),
            data["key_version"]?.GetValue<int>() ?? 0);
    }

    private async Task<bool> VerifyAsync(string key, JsonObject body, CancellationToken cancellationToken)
    {
        var data = await PostAsync("verify", key, body, cancellationToken).ConfigureAwait(false);
        return data["valid"]?.GetValue<bool>() ?? false;
    }

    private async Task<JsonObject> PostAsync(string operation, string key, JsonObject body, CancellationToken cancellationToken)
    {
        var path = $"{Mount}/{operation}/{key}";
        var response = await Client.WriteAsync(path, body, cancellationToken).ConfigureAwait(false);
        return response?.Data ?? throw new VaultApiException($"{path} returned no data.");
    }

    private async Task<IReadOnlyList<JsonObject>> BatchAsync(string operation, string key, IReadOnlyList<JsonObject> items, CancellationToken cancellationToken)
    {
        if (items.Count == 0)
        {
            return [];
        }

        // 200 when only some items fail, so their results arrive in the body instead of an error.
        var body = new JsonObject
        {
            ["batch_input"] = new JsonArray([.. items.Select(i => i.DeepClone())]),
            ["partial_failure_response_code"] = 200,
        };
        try
        {
            var data = await PostAsync(operation, key, body, cancellationToken).ConfigureAwait(false);
            return data["batch_results"] is JsonArray results
                ? [.. results.Select(r => r!.AsObject())]
                : throw new VaultApiException($"{Mount}/{operation}/{key} returned no batch_results.");
        }
        catch (VaultApiException error) when (error.StatusCode == System.Net.HttpStatusCode.BadRequest && error.Errors.Count == 0)
        {
            // Every item failed: the 400's per-item results are not passed on by the transport, so ask each item alone
            // for its own error (this costs a request per item, on the failure path only).
            var results = new List<JsonObject>(items.Count);
            foreach (var item in items)
            {
                results.Add(await SingleAsync(operation, key, item, cancellationToken).ConfigureAwait(false));
            }

            return results;
        }
    }

    private async Task<JsonObject> SingleAsync(string operation, string key, JsonObject item, CancellationToken cancellationToken)
    {
        JsonObject result;
        try
        {
            result = (JsonObject)(await PostAsync(operation, key, (JsonObject)item.DeepClone(), cancellationToken).ConfigureAwait(false)).DeepClone();
        }
        catch (VaultApiException error) when (error.StatusCode == System.Net.HttpStatusCode.BadRequest)
        {
            result = new JsonObject { ["error"] = error.Errors.Count == 0 ? "invalid request" : string.Join("; ", error.Errors) };
        }

        result["reference"] = item["reference"]?.DeepClone();
        return result;
    }
}

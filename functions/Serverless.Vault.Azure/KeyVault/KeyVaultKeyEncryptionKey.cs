using System.Buffers.Text;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Cryptography;
using Azure.Core.Pipeline;
using Azure.Identity;

namespace Serverless.Vault.Azure.KeyVault;

/// <summary>
/// An RSA key in Azure Key Vault (or Managed HSM) used to wrap and unwrap keys through the REST API
/// (POST {kid}/wrapkey and /unwrapkey), without the Keys SDK. Errors surface as <see cref="RequestFailedException"/>.
/// </summary>
public sealed class KeyVaultKeyEncryptionKey : IKeyEncryptionKey
{
    /// <summary>RSA-OAEP with SHA-256: the wrap algorithm Key Vault recommends for RSA keys.</summary>
    public const string RsaOaep256 = "RSA-OAEP-256";

    private readonly KeyVaultSealOptions _options;
    private readonly HttpPipeline _pipeline;
    private string? _pinnedKeyId;

    /// <summary>Authenticates with the configured managed identity (user-assigned by client id, else system-assigned).</summary>
    public KeyVaultKeyEncryptionKey(KeyVaultSealOptions options)
        : this(options, CreateCredential(options))
    {
    }

    public KeyVaultKeyEncryptionKey(KeyVaultSealOptions options, TokenCredential credential)
        : this(options, BuildPipeline(options, new BearerTokenAuthenticationPolicy(credential, ScopeFor(options.KeyId))))
    {
    }

    /// <summary>Tests pass a pipeline whose auth policy works over http:// (the bearer policy refuses it).</summary>
    internal KeyVaultKeyEncryptionKey(KeyVaultSealOptions options, HttpPipeline pipeline)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _pipeline = pipeline ?? throw new ArgumentNullException(nameof(pipeline));
        KeyName = ParseKeyName(options.KeyId);
    }

    /// <summary>The versioned key id the last wrap used (Key Vault's answer), or the configured id before any wrap.</summary>
    public string KeyId => Volatile.Read(ref _pinnedKeyId) ?? _options.KeyId.AbsoluteUri.TrimEnd('/');

    internal string KeyName { get; }

    /// <summary>The pipeline with our retry and timeout settings and the given authentication policy.</summary>
    internal static HttpPipeline BuildPipeline(KeyVaultSealOptions options, HttpPipelinePolicy authenticationPolicy)
    {
        var clientOptions = new KeyVaultClientOptions();
        clientOptions.Retry.NetworkTimeout = options.NetworkTimeout;
        clientOptions.RetryPolicy = new SealRetryPolicy(options.MaxRetries);
        return HttpPipelineBuilder.Build(clientOptions, authenticationPolicy);
    }

    /// <summary>Managed HSM tokens have their own audience; everything else is a vault.</summary>
    internal static string ScopeFor(Uri keyId) =>
        keyId.Host.EndsWith(".managedhsm.azure.net", StringComparison.OrdinalIgnoreCase)
            ? "https://managedhsm.azure.net/.default"
            : "https://vault.azure.net/.default";

    /// <summary>
    /// A key-encryption key pinned to <paramref name="keyId"/>, a version of this same key. A stored key id that names
    /// another host or key is refused: following it would send our token and the wrapped key elsewhere.
    /// </summary>
    internal KeyVaultKeyEncryptionKey PinnedTo(string keyId)
    {
        if (!Uri.TryCreate(keyId, UriKind.Absolute, out var uri)
            || Uri.Compare(uri, _options.KeyId, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) != 0
            || !string.Equals(ParseKeyName(uri), KeyName, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The stored key id '{keyId}' is not a version of the configured key '{_options.KeyId}'.", nameof(keyId));
        }

        return new KeyVaultKeyEncryptionKey(_options, _pipeline) { _pinnedKeyId = uri.AbsoluteUri.TrimEnd('/') };
    }

    public byte[] WrapKey(string algorithm, ReadOnlyMemory<byte> key, CancellationToken cancellationToken = default) =>
        SendAsync("wrapkey", algorithm, key, async: false, cancellationToken).AsTask().GetAwaiter().GetResult();

    public Task<byte[]> WrapKeyAsync(string algorithm, ReadOnlyMemory<byte> key, CancellationToken cancellationToken = default) =>
        SendAsync("wrapkey", algorithm, key, async: true, cancellationToken).AsTask();

    public byte[] UnwrapKey(string algorithm, ReadOnlyMemory<byte> encryptedKey, CancellationToken cancellationToken = default) =>
        SendAsync("unwrapkey", algorithm, encryptedKey, async: false, cancellationToken).AsTask().GetAwaiter().GetResult();

    public Task<byte[]> UnwrapKeyAsync(string algorithm, ReadOnlyMemory<byte> encryptedKey, CancellationToken cancellationToken = default) =>
        SendAsync("unwrapkey", algorithm, encryptedKey, async: true, cancellationToken).AsTask();

    private async ValueTask<byte[]> SendAsync(string operation, string algorithm, ReadOnlyMemory<byte> value, bool async, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(algorithm);
        using var message = _pipeline.CreateMessage();
        message.Request.Method = RequestMethod.Post;
        var uri = new RequestUriBuilder();
        // Wrapping always goes to the configured key id, so that after a rotation in Key Vault the newest version wraps
        // (a versionless id); unwrapping goes to the version that wrapped, pinned from the stored envelope.
        uri.Reset(new Uri(operation == "wrapkey" ? _options.KeyId.AbsoluteUri.TrimEnd('/') : KeyId));
        uri.AppendPath("/" + operation, escape: false);
        uri.AppendQuery("api-version", _options.ApiVersion);
        message.Request.Uri = uri;
        message.Request.Headers.SetValue("Content-Type", "application/json");
        message.Request.Headers.SetValue("Accept", "application/json");
        // Key Vault's binary fields are base64url without padding.
        message.Request.Content = RequestContent.Create(JsonSerializer.SerializeToUtf8Bytes(new KeyOperationBody(algorithm, Base64Url.EncodeToString(value.Span))));

        if (async)
        {
            await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            _pipeline.Send(message, cancellationToken);
        }

        if (message.Response.IsError)
        {
            throw new RequestFailedException(message.Response);
        }

        var result = JsonSerializer.Deserialize<KeyOperationResult>(message.Response.Content.ToMemory().Span)
            ?? throw new RequestFailedException(message.Response.Status, $"Key Vault's {operation} response has no body.");
        if (string.IsNullOrEmpty(result.Value))
        {
            throw new RequestFailedException(message.Response.Status, $"Key Vault's {operation} response has no value.");
        }

        if (operation == "wrapkey" && !string.IsNullOrEmpty(result.Kid))
        {
            // Unwrapping must use the exact version that wrapped, even after the key is rotated in Key Vault.
            Volatile.Write(ref _pinnedKeyId, PinnedTo(result.Kid)._pinnedKeyId);
        }

        return Base64Url.DecodeFromChars(result.Value);
    }

    private static string ParseKeyName(Uri keyId)
    {
        var segments = keyId.AbsolutePath.Trim('/').Split('/');
        return segments.Length is 2 or 3 && segments[0] == "keys" && segments[1].Length > 0
            ? segments[1]
            : throw new ArgumentException($"'{keyId}' is not a Key Vault key id: expected https://<vault>/keys/<name>[/<version>].", nameof(keyId));
    }

    private static ManagedIdentityCredential CreateCredential(KeyVaultSealOptions options) =>
        new(options.ManagedIdentityClientId is { Length: > 0 } clientId
            ? ManagedIdentityId.FromUserAssignedClientId(clientId)
            : ManagedIdentityId.SystemAssigned);
}

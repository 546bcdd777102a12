using System.Text.Json;
using Azure;
using Serverless.Vault.Core.Barrier;

namespace Serverless.Vault.Azure.KeyVault;

/// <summary>
/// The cloud seal: the root key is wrapped with RSA-OAEP-256 by a key in Azure Key Vault, reached with a managed
/// identity. Every failure (denied, missing key, throttled, failing, timed out, wrong key) becomes a
/// <see cref="SealUnavailableException"/> so the vault stays sealed and retries later.
/// </summary>
public sealed class KeyVaultSeal : ISeal
{
    public const string SealType = "azurekeyvault";

    private readonly KeyVaultKeyEncryptionKey _key;
    private readonly TimeProvider _time;

    public KeyVaultSeal(KeyVaultSealOptions options)
        : this(new KeyVaultKeyEncryptionKey(options))
    {
    }

    public KeyVaultSeal(KeyVaultKeyEncryptionKey key, TimeProvider? timeProvider = null)
    {
        _key = key ?? throw new ArgumentNullException(nameof(key));
        _time = timeProvider ?? TimeProvider.System;
    }

    public string Type => SealType;

    public async Task<byte[]> WrapAsync(ReadOnlyMemory<byte> key, CancellationToken cancellationToken)
    {
        try
        {
            var wrapped = await _key.WrapKeyAsync(KeyVaultKeyEncryptionKey.RsaOaep256, key, cancellationToken).ConfigureAwait(false);
            return new WrappedKeyEnvelope(_key.KeyId, KeyVaultKeyEncryptionKey.RsaOaep256, wrapped).ToBytes();
        }
        catch (Exception ex) when (!IsCallerCancellation(ex, cancellationToken))
        {
            throw Unavailable("wrap", ex);
        }
    }

    public async Task<byte[]> UnwrapAsync(ReadOnlyMemory<byte> wrappedKey, CancellationToken cancellationToken)
    {
        try
        {
            var envelope = WrappedKeyEnvelope.Parse(wrappedKey.Span);
            return await _key.PinnedTo(envelope.KeyId).UnwrapKeyAsync(envelope.Algorithm, envelope.Value, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!IsCallerCancellation(ex, cancellationToken))
        {
            throw Unavailable("unwrap", ex);
        }
    }

    private static bool IsCallerCancellation(Exception ex, CancellationToken cancellationToken) =>
        ex is OperationCanceledException && cancellationToken.IsCancellationRequested;

    private SealUnavailableException Unavailable(string operation, Exception ex)
    {
        var prefix = $"Azure Key Vault could not {operation} the root key with '{_key.KeyId}'";
        return ex switch
        {
            RequestFailedException { Status: 401 or 403 } => new(
                $"{prefix}: access denied ({Status(ex)}). Grant the Function App's managed identity the 'Key Vault Crypto Service Encryption User' role (or wrapKey/unwrapKey access) on the key.",
                RetryAfter(ex), ex),
            RequestFailedException { Status: 404 } => new($"{prefix}: the key or key version does not exist (404).", RetryAfter(ex), ex),
            RequestFailedException { Status: 429 } => new($"{prefix}: throttled (429).", RetryAfter(ex), ex),
            RequestFailedException { Status: 400 } => new($"{prefix}: the request was rejected (400); the wrapped key may belong to another key.", RetryAfter(ex), ex),
            RequestFailedException { Status: >= 500 } => new($"{prefix}: the service failed ({Status(ex)}).", RetryAfter(ex), ex),
            RequestFailedException => new($"{prefix}: {ex.Message}", RetryAfter(ex), ex),
            OperationCanceledException => new($"{prefix}: the request timed out.", null, ex),
            // The pipeline's retries ran out; each try failed with the exceptions inside.
            AggregateException { InnerExceptions: var tries } when tries.All(t => t is OperationCanceledException) =>
                new($"{prefix}: every try timed out.", null, ex),
            AggregateException => new($"{prefix}: the service is unreachable ({ex.InnerException?.Message}).", null, ex),
            ArgumentException or FormatException or JsonException => new($"{prefix}: {ex.Message}", null, ex),
            _ => new($"{prefix}: {ex.GetType().Name}: {ex.Message}", null, ex),
        };
    }

    private static string Status(Exception ex) => ((RequestFailedException)ex).Status.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private TimeSpan? RetryAfter(Exception ex) => RetryAfterHeader.Parse(((RequestFailedException)ex).GetRawResponse(), _time.GetUtcNow());
}

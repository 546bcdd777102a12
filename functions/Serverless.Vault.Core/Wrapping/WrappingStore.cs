using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Serverless.Vault.Core.Engines.Cubbyhole;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Leases;
using Serverless.Vault.Core.Mounts;
using Serverless.Vault.Core.Policies;
using Serverless.Vault.Core.Tokens;

namespace Serverless.Vault.Core.Wrapping;

/// <summary>
/// Wrapping tokens and what they hold. A wrapping token is an orphan service token with the single policy
/// "response-wrapping", one use and no renewal; its cubbyhole holds the wrapped response at <c>response</c> and the
/// lookup fields at <c>wrapinfo</c>, and its lease row lets the sweeper revoke it (emptying the cubbyhole) at expiry.
/// Consuming it is the token store's conditional use: among racing unwraps on any instances, exactly one wins.
/// </summary>
internal sealed partial class WrappingStore(
    TokenStore tokens, CubbyholeStorage cubbyholes, LeaseManager leases, TimeProvider time, ILogger<WrappingStore> logger)
{
    /// <summary>Where the wrapped response sits in the wrapping token's cubbyhole (Vault's path, read by old clients).</summary>
    public const string ResponsePath = "response";

    /// <summary>Where the lookup fields sit in the wrapping token's cubbyhole.</summary>
    public const string InfoPath = "wrapinfo";

    public static VaultException Invalid() => VaultException.InvalidRequest("wrapping token is not valid or does not exist");

    /// <summary>
    /// Makes a wrapping token holding <paramref name="envelope"/> and returns Vault's wrap_info for it. The lease row
    /// is written before anything is stored in the cubbyhole, so stored data always has a revocation scheduled.
    /// </summary>
    public async Task<JsonObject> CreateAsync(string envelope, long ttlSeconds, string creationPath, string? wrappedAccessor, CancellationToken cancellationToken)
    {
        // The system maximum bounds a wrapping token as it bounds every lease.
        ttlSeconds = Math.Clamp(ttlSeconds, 1, MountDefaults.LeaseTtlSeconds);
        var now = time.GetUtcNow();
        var creationTime = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
        var issued = await tokens.CreateAsync(
            new TokenEntry
            {
                Accessor = "",
                Policies = [PolicyNames.ResponseWrapping],
                Path = creationPath,
                DisplayName = "",
                CreationTime = now.ToUnixTimeSeconds(),
                Ttl = ttlSeconds,
                ExpireTime = now.ToUnixTimeSeconds() + ttlSeconds,
                ExplicitMaxTtl = ttlSeconds,
                NumUses = 1,
                Renewable = false,
            },
            null,
            cancellationToken).ConfigureAwait(false);
        try
        {
            // Not abandoned half-way: the token exists now, and its data must either be stored in full or revoked.
            await leases.TrackTokenAsync(issued.Entry, CancellationToken.None).ConfigureAwait(false);
            var info = new JsonObject { ["creation_path"] = creationPath, ["creation_time"] = creationTime, ["creation_ttl"] = ttlSeconds };
            await cubbyholes.WriteAsync(issued.Entry.Key, InfoPath, info, CancellationToken.None).ConfigureAwait(false);
            await cubbyholes.WriteAsync(issued.Entry.Key, ResponsePath, new JsonObject { ["response"] = envelope }, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            LogCreateFailed(logger, error, creationPath);
            await tokens.RevokeTreeAsync(issued.Entry.Key, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        var wrapInfo = new JsonObject
        {
            ["token"] = issued.Id,
            ["accessor"] = issued.Entry.Accessor,
            ["ttl"] = ttlSeconds,
            ["creation_time"] = creationTime,
            ["creation_path"] = creationPath,
        };
        if (!string.IsNullOrEmpty(wrappedAccessor))
        {
            wrapInfo["wrapped_accessor"] = wrappedAccessor;
        }

        return wrapInfo;
    }

    /// <summary>
    /// What a live wrapping token holds, without using it; null for anything else (unknown, expired, used, not a
    /// wrapping token). The contents never change once written, so reading them before the use is claimed is safe.
    /// </summary>
    public async Task<WrappedResponse?> OpenAsync(string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token)
            || await tokens.LookupAsync(token, cancellationToken).ConfigureAwait(false) is not { } entry
            || !IsWrappingToken(entry))
        {
            return null;
        }

        var info = await cubbyholes.ReadAsync(entry.Key, InfoPath, cancellationToken).ConfigureAwait(false);
        var response = await cubbyholes.ReadAsync(entry.Key, ResponsePath, cancellationToken).ConfigureAwait(false);
        if (info is null || response?["response"] is not JsonValue envelope)
        {
            return null;
        }

        return new WrappedResponse(
            envelope.GetValue<string>(),
            info["creation_path"]?.GetValue<string>() ?? "",
            info["creation_time"]?.GetValue<string>() ?? "",
            info["creation_ttl"]?.GetValue<long>() ?? 0);
    }

    /// <summary>
    /// Claims the token's one use with a conditional write on its entry, then revokes it (emptying its cubbyhole).
    /// True for the one caller that claimed it; false when it was already used, revoked or expired.
    /// </summary>
    public async Task<bool> ConsumeAsync(string token, CancellationToken cancellationToken) =>
        await tokens.AuthenticateAsync(token, cancellationToken).ConfigureAwait(false) is { NumUses: -1 } used && IsWrappingToken(used);

    /// <summary>Revokes a wrapping token that will not be handed out after all.</summary>
    public async Task DiscardAsync(string token, CancellationToken cancellationToken)
    {
        if (await tokens.LookupAsync(token, cancellationToken).ConfigureAwait(false) is { } entry)
        {
            await tokens.RevokeTreeAsync(entry.Key, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static bool IsWrappingToken(TokenEntry entry) =>
        !entry.IsBatch && entry.Policies is [PolicyNames.ResponseWrapping];

    [LoggerMessage(Level = LogLevel.Error, Message = "Storing a wrapped response of {Path} failed; the wrapping token is revoked")]
    private static partial void LogCreateFailed(ILogger logger, Exception error, string path);
}

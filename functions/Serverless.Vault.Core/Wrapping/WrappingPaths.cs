using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Pipeline;
using Serverless.Vault.Core.System;

namespace Serverless.Vault.Core.Wrapping;

/// <summary>
/// sys/wrapping/*: wrap any map, unwrap (once), look a wrapping token up, and rewrap into a fresh token. The wrapping
/// token comes in the body as <c>token</c> (the caller's own token then authorises the request) or as the request's
/// token (unwrap and lookup).
/// </summary>
internal sealed class WrappingPaths : ISystemPaths
{
    private static readonly Field<string> TokenField = Fields.String("token", "The wrapping token; the request's token when absent.");

    private readonly WrappingStore _store;
    private readonly TokenAuthenticator _authenticator;
    private readonly IAuthorizer _authorizer;
    private readonly PathSpec _unwrap;

    public WrappingPaths(WrappingStore store, TokenAuthenticator authenticator, IAuthorizer authorizer)
    {
        _store = store;
        _authenticator = authenticator;
        _authorizer = authorizer;
        _unwrap = new PathSpec("wrapping/unwrap")
        {
            Fields = [TokenField],
            Handlers = { [Operation.Update] = UnwrapAsync },
            // A wrapping token sent as the request's token must not be used up by authentication before its response is
            // read: the handler authenticates itself (see UnwrapAsync).
            Unauthenticated = true,
            Synopsis = "Return the response inside a wrapping token, once.",
        };
    }

    public IEnumerable<PathSpec> Paths =>
    [
        new PathSpec("wrapping/wrap")
        {
            Handlers = { [Operation.Update] = WrapAsync },
            TakesArbitraryInput = true,
            Synopsis = "Wrap the request body in a response-wrapping token (X-Vault-Wrap-TTL is required).",
        },
        _unwrap,
        new PathSpec("wrapping/lookup")
        {
            Fields = [TokenField],
            Handlers = { [Operation.Update] = LookupAsync, [Operation.Read] = LookupAsync },
            Unauthenticated = true,
            Synopsis = "The creation path, time and TTL of a wrapping token, without using it.",
        },
        new PathSpec("wrapping/rewrap")
        {
            Fields = [TokenField],
            Handlers = { [Operation.Update] = RewrapAsync },
            Synopsis = "Move a wrapped response into a new wrapping token with the same TTL; the old token stops working.",
        },
    ];

    private static Task<VaultResponse?> WrapAsync(RequestContext context, CancellationToken cancellationToken)
    {
        if (context.Request.WrapTtl is null)
        {
            throw VaultException.InvalidRequest("endpoint requires response wrapping to be used");
        }

        // The pipeline wraps this answer, since the request asked for it.
        return Task.FromResult<VaultResponse?>(VaultResponse.WithData(context.Input.Raw.DeepClone().AsObject()));
    }

    /// <summary>
    /// With the wrapping token in the body, the caller is a third party: its own token must be valid and allowed to
    /// unwrap, as on any authenticated path. Otherwise the request's token is the wrapping token itself, which is
    /// checked here instead of by the pipeline so that its one use is claimed only together with its response.
    /// </summary>
    private async Task<VaultResponse?> UnwrapAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var token = context.Request.ClientToken;
        if (BodyToken(context) is { } bodyToken)
        {
            var caller = await _authenticator.AuthenticateAsync(context.Request, cancellationToken).ConfigureAwait(false);
            await _authorizer.AuthorizeAsync(caller, _unwrap, cancellationToken).ConfigureAwait(false);
            token = bodyToken;
        }

        var wrapped = await _store.OpenAsync(token, cancellationToken).ConfigureAwait(false) ?? throw WrappingStore.Invalid();
        if (!await _store.ConsumeAsync(token!, cancellationToken).ConfigureAwait(false))
        {
            throw WrappingStore.Invalid();
        }

        // The original answer, byte for byte as the client would have had it (Vault returns it as a raw body).
        return VaultResponse.Raw(JsonNode.Parse(wrapped.Envelope)!);
    }

    private async Task<VaultResponse?> LookupAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var wrapped = await _store.OpenAsync(BodyToken(context) ?? context.Request.ClientToken, cancellationToken).ConfigureAwait(false)
            ?? throw WrappingStore.Invalid();
        return VaultResponse.WithData(new JsonObject
        {
            ["creation_path"] = wrapped.CreationPath,
            ["creation_time"] = wrapped.CreationTime,
            ["creation_ttl"] = wrapped.CreationTtl,
        });
    }

    /// <summary>The new token is made before the old one's use is claimed: a failure loses no wrapped response.</summary>
    private async Task<VaultResponse?> RewrapAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var token = BodyToken(context) ?? context.Request.ClientToken;
        var wrapped = await _store.OpenAsync(token, cancellationToken).ConfigureAwait(false) ?? throw WrappingStore.Invalid();
        var wrapInfo = await _store.CreateAsync(wrapped.Envelope, wrapped.CreationTtl, wrapped.CreationPath, null, cancellationToken).ConfigureAwait(false);
        if (!await _store.ConsumeAsync(token!, cancellationToken).ConfigureAwait(false))
        {
            await _store.DiscardAsync(wrapInfo["token"]!.GetValue<string>(), CancellationToken.None).ConfigureAwait(false);
            throw WrappingStore.Invalid();
        }

        return new VaultResponse { WrapInfo = wrapInfo };
    }

    /// <summary>The body's token: null when absent; an empty one is refused, as in Vault.</summary>
    private static string? BodyToken(RequestContext context)
    {
        if (!context.Input.Has(TokenField))
        {
            return null;
        }

        var token = context.Get(TokenField);
        return token.Length == 0 ? throw WrappingStore.Invalid() : token;
    }
}

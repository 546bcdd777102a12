using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serverless.Vault.Core.Barrier;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Leases;
using Serverless.Vault.Core.Mounts;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Pipeline;

/// <summary>
/// The request pipeline, in Vault's order: path rules, seal check, routing, token, existence check, ACL, backend.
/// Each step is its own service; this class only orders them and turns failures into Vault's error answers.
/// </summary>
public sealed partial class RequestHandler(
    SealGate sealGate,
    MountRouter router,
    TokenAuthenticator authenticator,
    IAuthorizer authorizer,
    LeaseManager leases,
    IOptions<PipelineOptions> options,
    ILogger<RequestHandler> logger)
{
    /// <summary>Handles one request; never throws for a request's own failure. Null means 204.</summary>
    public async Task<VaultResponse?> HandleAsync(VaultRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Value.RequestDeadline);
        try
        {
            return await RunAsync(request, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            LogDeadline(logger, request.RequestId, options.Value.RequestDeadline);
            return VaultResponse.Error(VaultException.Unavailable("the request did not complete within its deadline; retry"));
        }
    }

    private async Task<VaultResponse?> RunAsync(VaultRequest request, CancellationToken cancellationToken)
    {
        try
        {
            PathRules.Validate(request.Path);
            if (router.MatchBuiltIn(request.Path)?.Spec.AllowedWhenSealed != true)
            {
                await sealGate.EnsureUnsealedAsync(cancellationToken).ConfigureAwait(false);
            }

            var (routed, match) = await router.RouteAsync(request, cancellationToken).ConfigureAwait(false);
            if (!match.Spec.Unauthenticated)
            {
                routed = await authenticator.AuthenticateAsync(routed, cancellationToken).ConfigureAwait(false);
                routed = await ExistenceResolver.ResolveAsync(routed, match, cancellationToken).ConfigureAwait(false);
                routed = await authorizer.AuthorizeAsync(routed, match.Spec, cancellationToken).ConfigureAwait(false);
            }

            var response = await BackendInvoker.InvokeAsync(routed, match, cancellationToken).ConfigureAwait(false);
            if (response?.Secret is not null)
            {
                response = await leases.RegisterAsync(routed, response, cancellationToken).ConfigureAwait(false);
            }

            if (response?.Auth is not null)
            {
                await leases.TrackTokenAsync(response, cancellationToken).ConfigureAwait(false);
            }

            return response is null ? null : response with { RequestId = request.RequestId };
        }
        catch (VaultException error)
        {
            return VaultResponse.Error(error);
        }
        catch (SealedException)
        {
            return VaultResponse.Error(VaultException.Sealed());
        }
        catch (StorageLimitException error)
        {
            return VaultResponse.Error(VaultException.InvalidRequest(error.Message));
        }
        catch (StorageConflictException)
        {
            return VaultResponse.Error(VaultException.PreconditionFailed("the value was changed concurrently; retry the request"));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception error)
        {
            // Details go to the log only; the client learns nothing about internals.
            LogUnexpected(logger, error, request.RequestId, request.Operation);
            return VaultResponse.Error(VaultException.Internal());
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request {RequestId} ran past its deadline of {Deadline}")]
    private static partial void LogDeadline(ILogger logger, string requestId, TimeSpan deadline);

    [LoggerMessage(Level = LogLevel.Error, Message = "Request {RequestId} ({Operation}) failed unexpectedly")]
    private static partial void LogUnexpected(ILogger logger, Exception error, string requestId, Operation operation);
}

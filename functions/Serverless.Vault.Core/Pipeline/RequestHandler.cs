using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serverless.Vault.Core.Audit;
using Serverless.Vault.Core.Barrier;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Leases;
using Serverless.Vault.Core.Mounts;
using Serverless.Vault.Core.Quotas;
using Serverless.Vault.Core.Storage;
using Serverless.Vault.Core.Wrapping;

namespace Serverless.Vault.Core.Pipeline;

/// <summary>
/// The request pipeline, in Vault's order: path rules, seal check, routing, quotas, token, existence check, ACL, audit
/// (request), backend, leases, wrapping, audit (response).
/// Each step is its own service; this class only orders them and turns failures into Vault's error answers.
/// </summary>
public sealed partial class RequestHandler(
    SealGate sealGate,
    MountRouter router,
    TokenAuthenticator authenticator,
    IAuthorizer authorizer,
    LeaseManager leases,
    IAuditBroker audit,
    IResponseWrapper wrapper,
    IQuotaGate quotas,
    IOptions<PipelineOptions> options,
    ILogger<RequestHandler> logger)
{
    private readonly DeadlineSources _deadlines = new();

    /// <summary>Handles one request; never throws for a request's own failure. Null means 204.</summary>
    public async Task<VaultResponse?> HandleAsync(VaultRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        // Cancelled by the deadline or by the caller, as a linked source would be, but reused across requests.
        var limit = options.Value.RequestDeadline;
        var started = Environment.TickCount64;
        var deadline = _deadlines.Rent(limit);
        var link = cancellationToken.UnsafeRegister(static source => ((CancellationTokenSource)source!).Cancel(), deadline);
        try
        {
            return await RunAsync(request, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            LogDeadline(logger, request.RequestId, limit);
            return VaultResponse.Error(VaultException.Unavailable("the request did not complete within its deadline; retry"));
        }
        finally
        {
            // Waits for a caller cancellation in progress, so the source is not reset under it.
            link.Dispose();
            _deadlines.Return(deadline, TimeSpan.FromMilliseconds(Environment.TickCount64 - started), limit);
        }
    }

    // RunAsync and ProcessAsync return ValueTasks: a request that never waits (cached token, ACL and tables, a backend
    // that completes at once) then allocates no task below HandleAsync.
    private async ValueTask<VaultResponse?> RunAsync(VaultRequest request, CancellationToken cancellationToken)
    {
        // The audit trail: the request as far as it got (routed, then authenticated), whether it is audited at all, and
        // whether its request entry was written before the backend ran.
        var trail = new Trail(request);
        VaultResponse? response;
        string? error = null;
        try
        {
            response = await ProcessAsync(request, trail, cancellationToken).ConfigureAwait(false);
        }
        catch (AuditFailedException failure)
        {
            // Nothing ran after the failed entry and nothing is returned: the vault fails closed.
            LogAuditFailed(logger, failure, request.RequestId);
            return VaultResponse.Error(VaultException.Internal());
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception failure)
        {
            // An error after the quota check still carries the quota's headers, as Vault sets them before the handler runs.
            response = ErrorResponse(failure, request);
            response = response.Headers is null && trail.Headers is not null ? response with { Headers = trail.Headers } : response;
            error = response.Errors is { Count: > 0 } errors ? string.Join("; ", errors) : null;
        }

        if (!trail.Audited)
        {
            return response;
        }

        try
        {
            if (!trail.RequestLogged)
            {
                await audit.LogRequestAsync(trail.Request, error, cancellationToken).ConfigureAwait(false);
            }

            await audit.LogResponseAsync(trail.Request, response, error, cancellationToken).ConfigureAwait(false);
            return response;
        }
        catch (AuditFailedException failure)
        {
            LogAuditFailed(logger, failure, request.RequestId);
            return VaultResponse.Error(VaultException.Internal());
        }
    }

    private async ValueTask<VaultResponse?> ProcessAsync(VaultRequest request, Trail trail, CancellationToken cancellationToken)
    {
        PathRules.Validate(request.Path);
        if (router.MatchBuiltIn(request.Path)?.Spec.AllowedWhenSealed != true)
        {
            await sealGate.EnsureUnsealedAsync(cancellationToken).ConfigureAwait(false);
        }

        var (routed, match) = await router.RouteAsync(request, cancellationToken).ConfigureAwait(false);

        // Rate-limited requests are refused before anything else and, as in Vault, not audited.
        var headers = await quotas.CheckAsync(routed, cancellationToken).ConfigureAwait(false);
        trail.Headers = headers;
        trail.Request = routed;
        trail.Audited = !match.Spec.Unaudited;
        if (!match.Spec.Unauthenticated)
        {
            routed = await authenticator.AuthenticateRequestAsync(routed, cancellationToken).ConfigureAwait(false);
            trail.Request = routed;
            routed = await ExistenceResolver.ResolveAsync(routed, match, cancellationToken).ConfigureAwait(false);
            routed = await authorizer.AuthorizeAsync(routed, match.Spec, cancellationToken).ConfigureAwait(false);
            trail.Request = routed;
        }

        if (trail.Audited)
        {
            await audit.LogRequestAsync(routed, null, cancellationToken).ConfigureAwait(false);
            trail.RequestLogged = true;
        }

        var response = await BackendInvoker.InvokeRequestAsync(routed, match, cancellationToken).ConfigureAwait(false);
        if (response?.Secret is not null)
        {
            response = await leases.RegisterAsync(routed, response, cancellationToken).ConfigureAwait(false);
        }

        if (response?.Auth is not null)
        {
            await leases.TrackTokenAsync(response, cancellationToken).ConfigureAwait(false);
        }

        if (routed.WrapTtl is { } wrapTtl && IsWrappable(response))
        {
            return await wrapper.WrapAsync(routed, response!, wrapTtl, cancellationToken).ConfigureAwait(false) with { Headers = headers };
        }

        if (response?.WrapInfo is not null)
        {
            // Already a wrapped answer (sys/wrapping/rewrap): like every wrapped answer, it carries no request id.
            return response with { Headers = headers ?? response.Headers };
        }

        return response is null ? null : response with { RequestId = request.RequestId, Headers = headers ?? response.Headers };
    }

    /// <summary>Only a success that carries data or a token is wrapped; errors, 204s and raw bodies are returned as they are.</summary>
    private static bool IsWrappable(VaultResponse? response) =>
        response is { Errors: null, RawBody: null, StatusCode: null or 200 } && (response.Data is not null || response.Auth is not null);

    private VaultResponse ErrorResponse(Exception failure, VaultRequest request)
    {
        switch (failure)
        {
            case VaultException error:
                return VaultResponse.Error(error);
            case SealedException:
                return VaultResponse.Error(VaultException.Sealed());
            case StorageLimitException error:
                return VaultResponse.Error(VaultException.InvalidRequest(error.Message));
            case StorageConflictException:
                return VaultResponse.Error(VaultException.PreconditionFailed("the value was changed concurrently; retry the request"));
            default:
                // Details go to the log only; the client learns nothing about internals.
                LogUnexpected(logger, failure, request.RequestId, request.Operation);
                return VaultResponse.Error(VaultException.Internal());
        }
    }

    /// <summary>How far a request got, for its audit entries.</summary>
    private sealed class Trail(VaultRequest request)
    {
        public VaultRequest Request { get; set; } = request;

        public bool Audited { get; set; }

        public bool RequestLogged { get; set; }

        /// <summary>The rate-limit headers the quota check returned, for an error answer given after it.</summary>
        public IReadOnlyDictionary<string, string>? Headers { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request {RequestId} ran past its deadline of {Deadline}")]
    private static partial void LogDeadline(ILogger logger, string requestId, TimeSpan deadline);

    [LoggerMessage(Level = LogLevel.Error, Message = "Request {RequestId} failed closed: no audit device could record it")]
    private static partial void LogAuditFailed(ILogger logger, Exception error, string requestId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Request {RequestId} ({Operation}) failed unexpectedly")]
    private static partial void LogUnexpected(ILogger logger, Exception error, string requestId, Operation operation);
}

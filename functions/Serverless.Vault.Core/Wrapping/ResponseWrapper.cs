using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Wrapping;

/// <summary>
/// Vault's response wrapping: the would-be response goes into the cubbyhole of a new single-use token, and the client
/// gets only wrap_info, with an empty request id and no data, auth or lease fields.
/// </summary>
internal sealed class ResponseWrapper(WrappingStore store) : IResponseWrapper
{
    public async Task<VaultResponse> WrapAsync(VaultRequest request, VaultResponse response, TimeSpan ttl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(response);
        var wrapInfo = await store.CreateAsync(
            WrappedEnvelope.Build(request, response),
            (long)Math.Ceiling(ttl.TotalSeconds),
            request.OriginalPath,
            WrappedEnvelope.WrappedAccessor(request, response),
            cancellationToken).ConfigureAwait(false);
        return new VaultResponse { RequestId = "", WrapInfo = wrapInfo };
    }
}

using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Framework;

/// <summary>What a path handler receives: the routed request and its typed input.</summary>
public sealed record RequestContext(VaultRequest Request, FieldData Input)
{
    /// <summary>The mount-scoped storage; every routed request has one.</summary>
    public IStorage Storage => Request.Storage ?? throw new InvalidOperationException("The request was not routed to a mount.");

    /// <summary>The context of a request routed to <paramref name="match"/>: its data read through the path's fields.</summary>
    public static RequestContext For(VaultRequest request, PathMatch match)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(match);
        return new RequestContext(request, new FieldData(request.Data, match.RouteValues, match.Spec.Fields));
    }

    public T Get<T>(Field<T> field) => Input.Get(field);

    /// <summary>The field's value when the client supplied it, else <paramref name="current"/>: an update's "unchanged".</summary>
    public T GetOr<T>(Field<T> field, T current) => Input.Has(field) ? Input.Get(field) : current;
}

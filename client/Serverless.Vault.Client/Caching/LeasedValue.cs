namespace Serverless.Vault.Client.Caching;

/// <summary>A secret value and the lease it lives under, as the cache holds it (the lease reflects renewals).</summary>
public sealed record LeasedValue<T>(T Value, Lease Lease)
{
    // The value is a secret: only the lease is printed.
    public override string ToString() => $"LeasedValue {{ Lease = {Lease} }}";
}

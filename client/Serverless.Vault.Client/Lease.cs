namespace Serverless.Vault.Client;

/// <summary>A lease as the client saw it: id, duration and when it was issued or last renewed.</summary>
public sealed record Lease(string Id, TimeSpan Duration, bool Renewable, DateTimeOffset IssuedAt)
{
    public DateTimeOffset ExpiresAt => IssuedAt + Duration;
}

namespace Serverless.Vault.Client.Database;

/// <summary>Dynamic database credentials and the lease they live under.</summary>
public sealed record DatabaseCredentials(string Username, string Password, Lease Lease)
{
    public override string ToString() => $"DatabaseCredentials {{ Username = {Username}, Lease = {Lease} }}";
}

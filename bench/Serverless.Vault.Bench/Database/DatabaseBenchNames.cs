namespace Serverless.Vault.Bench.Database;

/// <summary>The names the database benchmark creates, and the least-privilege policy its token gets.</summary>
internal static class DatabaseBenchNames
{
    public const string Mount = "database";

    public const string Config = "pg";

    public const string Role = "bench";

    public const string PolicyName = "bench-database";

    public const string CredsPath = Mount + "/creds/" + Role;

    public const string RevokePath = "sys/leases/revoke";

    /// <summary>The role's SQL, as issue 6 and the engine tests write it; the raw baseline runs the same two queries.</summary>
    public const string CreationStatements =
        "CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}'; " +
        "GRANT SELECT ON ALL TABLES IN SCHEMA public TO \"{{name}}\";";

    /// <summary>Long enough that nothing expires during a run; every lease is revoked by the benchmark itself.</summary>
    public const string DefaultTtl = "1h";

    // A non-root token: the client reads creds and revokes its own leases; the ACL is evaluated as for a real client.
    public const string Policy =
        "path \"" + CredsPath + "\" { capabilities = [\"read\"] }\n" +
        "path \"" + RevokePath + "\" { capabilities = [\"update\"] }\n";
}

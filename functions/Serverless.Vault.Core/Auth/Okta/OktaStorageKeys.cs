namespace Serverless.Vault.Core.Auth.Okta;

/// <summary>Where the method keeps its rows in the mount's storage view; the names are Vault's, so dumps read alike.</summary>
internal static class OktaStorageKeys
{
    /// <summary>The single configuration row (holds the API token; the barrier encrypts it).</summary>
    public const string Config = "config";

    /// <summary>Group name (lower case: Okta group names match case-insensitively) to policies.</summary>
    public const string GroupPrefix = "group/";

    /// <summary>Username to local groups and policies.</summary>
    public const string UserPrefix = "user/";
}

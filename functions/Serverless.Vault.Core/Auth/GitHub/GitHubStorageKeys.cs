namespace Serverless.Vault.Core.Auth.GitHub;

/// <summary>Where the method keeps its rows in the mount's storage view; the names are Vault's, so dumps read alike.</summary>
internal static class GitHubStorageKeys
{
    /// <summary>The single configuration row.</summary>
    public const string Config = "config";

    /// <summary>Team name or slug (lower case) to policies.</summary>
    public const string TeamPrefix = "map/teams/";

    /// <summary>User login (lower case) to policies.</summary>
    public const string UserPrefix = "map/users/";
}

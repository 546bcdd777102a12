namespace Serverless.Vault.Core.Mounts;

/// <summary>The built-in mounts that exist without being enabled and can never be disabled.</summary>
public static class SystemMount
{
    public static readonly MountEntry Sys = new()
    {
        Path = "sys/",
        Type = "system",
        Description = "system endpoints used for control, policy and debugging",
        Uuid = "00000000-0000-0000-0000-000000000001",
        Accessor = "system_00000001",
        Kind = MountKind.System,
    };

    /// <summary>The token store, always mounted at auth/token/ as in Vault.</summary>
    public static readonly MountEntry Token = new()
    {
        Path = "auth/token/",
        Type = "token",
        Description = "token based credentials",
        Uuid = "00000000-0000-0000-0000-000000000002",
        Accessor = "auth_token_00000002",
        Kind = MountKind.Auth,
    };

    /// <summary>
    /// Per-token private storage, always mounted at cubbyhole/ as in Vault: each token sees only the folder named by
    /// its storage hash, and the folder is deleted when the token is revoked.
    /// </summary>
    public static readonly MountEntry Cubbyhole = new()
    {
        Path = "cubbyhole/",
        Type = "cubbyhole",
        Description = "per-token private secret storage",
        Uuid = "00000000-0000-0000-0000-000000000003",
        Accessor = "cubbyhole_00000003",
        Kind = MountKind.Secret,
        Local = true,
    };

    /// <summary>Paths that no mount may take or sit under, because the core serves them itself.</summary>
    public static readonly IReadOnlyList<string> ReservedPrefixes = ["sys/", "auth/", "cubbyhole/", "identity/"];
}

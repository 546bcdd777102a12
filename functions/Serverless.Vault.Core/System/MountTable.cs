using Serverless.Vault.Core.Mounts;

namespace Serverless.Vault.Core.System;

/// <summary>What tells sys/mounts and sys/auth apart: their path, mount kind, router prefix and built-in mounts.</summary>
public sealed record MountTable(string Root, MountKind Kind, string Prefix, MountEntry BuiltIn, string Noun, string NoMountMessage)
{
    public static readonly MountTable Secrets = new("mounts", MountKind.Secret, "", SystemMount.Sys, "secrets engine", "No secret engine mount at")
    {
        BuiltIns = [SystemMount.Cubbyhole, SystemMount.Sys],
    };

    public static readonly MountTable Auth = new("auth", MountKind.Auth, "auth/", SystemMount.Token, "auth method", "no auth engine at");

    /// <summary>
    /// The mounts of this table that exist without being enabled: listed and readable, never disabled or tuned.
    /// <see cref="BuiltIn"/> is the one whose path no mount may sit under.
    /// </summary>
    public IReadOnlyList<MountEntry> BuiltIns { get; init; } = [BuiltIn];
}

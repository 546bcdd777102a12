namespace Serverless.Vault.Core.Engines.Database;

/// <summary>A stored config/:name. <see cref="Password"/> is never returned.</summary>
internal sealed record ConnectionConfigRecord
{
    public string PluginName { get; init; } = "";

    /// <summary>As given, with {{username}} / {{password}} placeholders left in.</summary>
    public string ConnectionUrl { get; init; } = "";

    public string Username { get; init; } = "";

    public string Password { get; init; } = "";

    /// <summary>
    /// A rotate-root password written before the database is changed: if the rotation is cut short after the database
    /// took it, reset/:name finds which of the two passwords works, so the root password is never lost.
    /// </summary>
    public string? PendingPassword { get; init; }

    public IReadOnlyList<string> AllowedRoles { get; init; } = [];

    public bool VerifyConnection { get; init; } = true;

    public int MaxOpenConnections { get; init; } = 4;

    public int MaxIdleConnections { get; init; }

    public long MaxConnectionLifetimeSeconds { get; init; }

    public bool DisableEscaping { get; init; }

    public string PasswordAuthentication { get; init; } = "password";

    public string PasswordPolicy { get; init; } = "";

    public string UsernameTemplate { get; init; } = "";

    public IReadOnlyList<string> RootRotationStatements { get; init; } = [];

    public override string ToString() => $"ConnectionConfigRecord {{ PluginName = {PluginName} }}";
}

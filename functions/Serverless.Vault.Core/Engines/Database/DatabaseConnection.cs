namespace Serverless.Vault.Core.Engines.Database;

/// <summary>
/// One stored connection configuration as a plugin needs it. <see cref="Key"/> (mount UUID and config name) names the
/// plugin's pool; a change of any other value gives a new pool.
/// </summary>
public sealed record DatabaseConnection
{
    public required string Key { get; init; }

    /// <summary>The config's name, for messages.</summary>
    public required string Name { get; init; }

    /// <summary>connection_url with {{username}} and {{password}} already substituted. Secret: holds the password.</summary>
    public required string ConnectionUrl { get; init; }

    public string Username { get; init; } = "";

    /// <summary>The root password; never logged or returned.</summary>
    public string Password { get; init; } = "";

    public int MaxOpenConnections { get; init; } = 4;

    public int MaxIdleConnections { get; init; }

    public TimeSpan MaxConnectionLifetime { get; init; }

    /// <summary>Every secret value a plugin message must not contain: the password and the rendered connection URL.</summary>
    public IEnumerable<string> Secrets => new[] { Password, ConnectionUrl, Uri.EscapeDataString(Password) }.Where(s => s.Length > 0);

    /// <summary>Removes every secret value from a driver's message.</summary>
    public string Scrub(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach (var secret in Secrets.OrderByDescending(s => s.Length))
        {
            message = message.Replace(secret, "*****", StringComparison.Ordinal);
        }

        return message;
    }

    public override string ToString() => $"DatabaseConnection {{ Key = {Key}, Name = {Name} }}";
}

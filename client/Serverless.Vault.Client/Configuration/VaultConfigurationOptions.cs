namespace Serverless.Vault.Client.Configuration;

/// <summary>
/// Which KV v2 secrets <c>AddVaultKeyValue</c> loads into <c>IConfiguration</c> and how it watches them.
/// </summary>
/// <remarks>
/// Key mapping: each key of a secret's data is a configuration key. Nested JSON objects flatten with <c>:</c>
/// (<c>{"Logging": {"LogLevel": {"Default": "Warning"}}}</c> gives <c>Logging:LogLevel:Default</c>), arrays by index
/// (<c>Hosts:0</c>), and <c>__</c> in a key means <c>:</c> as in environment variables (<c>ConnectionStrings__Db</c>
/// gives <c>ConnectionStrings:Db</c>; a key may also hold <c>:</c> itself). Numbers and booleans become their JSON text.
/// With several <see cref="Paths"/>, a later path wins over an earlier one for the same key. Keys are case-insensitive.
/// The token needs <c>read</c> on <c>&lt;mount&gt;/data/&lt;path&gt;</c>, and for cheap polling on
/// <c>&lt;mount&gt;/metadata/&lt;path&gt;</c> (without it each poll reads the data).
/// </remarks>
public sealed class VaultConfigurationOptions
{
    /// <summary>The KV v2 mount.</summary>
    public string Mount { get; set; } = "secret";

    /// <summary>The secrets to load, relative to the mount (<c>apps/orders</c>).</summary>
    public IList<string> Paths { get; } = [];

    /// <summary>Put before every key (<c>Vault</c> gives <c>Vault:ConnectionStrings:Db</c>); none when null.</summary>
    public string? KeyPrefix { get; set; }

    /// <summary>How often the secrets' versions are checked; zero or <see cref="Timeout.InfiniteTimeSpan"/> turns polling off.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// A missing secret is not an error, and neither is a failed first load (logged; the provider starts empty and keeps
    /// polling). Without it, <c>Build()</c> throws when a secret is missing or cannot be read.
    /// </summary>
    public bool Optional { get; set; }

    /// <summary>The clock of the polling timer; the client's when null.</summary>
    public TimeProvider? TimeProvider { get; set; }
}

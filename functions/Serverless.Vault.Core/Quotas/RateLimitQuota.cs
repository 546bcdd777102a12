using System.Text.Json.Serialization;

namespace Serverless.Vault.Core.Quotas;

/// <summary>
/// One rate-limit quota as stored: <see cref="Rate"/> requests per <see cref="Interval"/> for each client address, on
/// everything (no mount), a mount, a path below a mount, or logins to one role of an auth mount.
/// </summary>
public sealed record RateLimitQuota
{
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>The mount with its trailing '/' ("secret/", "auth/approle/"), or "" for a global quota.</summary>
    [JsonPropertyName("mount_path")]
    public string MountPath { get; init; } = "";

    /// <summary>The path below the mount, without slashes at either end; a trailing '*' makes it a prefix.</summary>
    [JsonPropertyName("path_suffix")]
    public string PathSuffix { get; init; } = "";

    /// <summary>The login role this quota counts (auth mounts only), or "".</summary>
    [JsonPropertyName("role")]
    public string Role { get; init; } = "";

    [JsonPropertyName("rate")]
    public required double Rate { get; init; }

    [JsonPropertyName("interval")]
    public required TimeSpan Interval { get; init; }

    /// <summary>How long a client that went over the rate is refused; zero for no blocking.</summary>
    [JsonPropertyName("block_interval")]
    public TimeSpan BlockInterval { get; init; }

    /// <summary>Kept and reported as Vault does; without namespaces it changes nothing here.</summary>
    [JsonPropertyName("inheritable")]
    public bool Inheritable { get; init; }

    /// <summary>The path as the operator gave it: mount plus suffix ("" for global).</summary>
    [JsonIgnore]
    public string Path => MountPath + PathSuffix;

    /// <summary>
    /// Requests per interval: Vault rounds the rate to whole requests; a rate below one half still lets one request
    /// through per interval here rather than none.
    /// </summary>
    [JsonIgnore]
    public long Tokens => Math.Max(1, (long)Math.Round(Rate));
}

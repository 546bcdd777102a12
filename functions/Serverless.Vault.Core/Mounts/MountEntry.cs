using System.Text.Json.Serialization;

namespace Serverless.Vault.Core.Mounts;

/// <summary>One mounted backend. Its storage lives under its own UUID, so no backend can reach another's data.</summary>
public sealed record MountEntry
{
    /// <summary>The full router path with a trailing '/', e.g. "secret/" or "auth/approle/".</summary>
    [JsonPropertyName("path")]
    public required string Path { get; init; }

    [JsonPropertyName("type")]
    public required string Type { get; init; }

    [JsonPropertyName("description")]
    public string Description { get; init; } = "";

    [JsonPropertyName("uuid")]
    public required string Uuid { get; init; }

    [JsonPropertyName("accessor")]
    public required string Accessor { get; init; }

    [JsonPropertyName("kind")]
    public MountKind Kind { get; init; }

    [JsonPropertyName("config")]
    public MountConfig Config { get; init; } = new();

    [JsonPropertyName("options")]
    public IReadOnlyDictionary<string, string>? Options { get; init; }

    [JsonPropertyName("local")]
    public bool Local { get; init; }

    [JsonPropertyName("seal_wrap")]
    public bool SealWrap { get; init; }

    /// <summary>Where the backend's storage view starts in barrier storage.</summary>
    [JsonIgnore]
    public string StoragePrefix => Kind switch
    {
        MountKind.Auth => $"auth/{Uuid}/",
        MountKind.System => "sys/",
        _ => $"logical/{Uuid}/",
    };
}

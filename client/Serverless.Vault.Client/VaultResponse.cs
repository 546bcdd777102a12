using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Serverless.Vault.Client;

/// <summary>Vault's response envelope.</summary>
public sealed record VaultResponse
{
    [JsonPropertyName("request_id")]
    public string? RequestId { get; init; }

    [JsonPropertyName("lease_id")]
    public string? LeaseId { get; init; }

    [JsonPropertyName("renewable")]
    public bool Renewable { get; init; }

    /// <summary>Seconds.</summary>
    [JsonPropertyName("lease_duration")]
    public long LeaseDuration { get; init; }

    [JsonPropertyName("data")]
    public JsonObject? Data { get; init; }

    [JsonPropertyName("auth")]
    public VaultAuthInfo? Auth { get; init; }

    [JsonPropertyName("wrap_info")]
    public VaultWrapInfo? WrapInfo { get; init; }

    [JsonPropertyName("warnings")]
    public IReadOnlyList<string>? Warnings { get; init; }

    /// <summary>The data block as <typeparamref name="T"/> (snake_case names via <c>JsonPropertyName</c>).</summary>
    public T DataAs<T>() =>
        (Data ?? throw new InvalidOperationException("The response has no data block.")).Deserialize<T>(VaultJson.Options)
        ?? throw new InvalidOperationException("The response's data block is null.");
}

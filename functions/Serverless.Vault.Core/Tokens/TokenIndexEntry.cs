using System.Text.Json.Serialization;

namespace Serverless.Vault.Core.Tokens;

/// <summary>
/// The value of an index row (accessor or parent): the token hash it points to and when it was written, so that tidy
/// leaves alone the rows of a creation still in flight.
/// </summary>
internal sealed record TokenIndexEntry
{
    [JsonPropertyName("key")]
    public string Key { get; init; } = "";

    [JsonPropertyName("created")]
    public long Created { get; init; }
}

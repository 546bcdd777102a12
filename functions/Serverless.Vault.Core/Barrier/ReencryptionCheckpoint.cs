using System.Text.Json;
using System.Text.Json.Serialization;

namespace Serverless.Vault.Core.Barrier;

/// <summary>
/// The re-encryption job's progress towards <see cref="TargetTerm"/>: every key ordinally at or before
/// <see cref="LastKey"/> has been moved. Stored barrier-encrypted at <see cref="BarrierPaths.ReencryptionCheckpoint"/>.
/// </summary>
internal sealed record ReencryptionCheckpoint(
    [property: JsonPropertyName("target_term")] int TargetTerm,
    [property: JsonPropertyName("last_key")] string? LastKey,
    [property: JsonPropertyName("reencrypted")] long Reencrypted,
    [property: JsonPropertyName("completed")] bool Completed,
    [property: JsonPropertyName("completed_time")] DateTimeOffset? CompletedTime)
{
    public byte[] ToBytes() => JsonSerializer.SerializeToUtf8Bytes(this);

    public static ReencryptionCheckpoint Parse(byte[] bytes) =>
        JsonSerializer.Deserialize<ReencryptionCheckpoint>(bytes)
            ?? throw new InvalidDataException($"The record at '{BarrierPaths.ReencryptionCheckpoint}' is malformed.");

    public ReencryptionProgress ToProgress() => new(TargetTerm, Completed, Reencrypted, LastKey, CompletedTime);

    /// <summary>
    /// The progress to report for the active term: a checkpoint for an older target means the new one has not started;
    /// with a single term and no checkpoint there is nothing to move.
    /// </summary>
    public static ReencryptionProgress ProgressFor(ReencryptionCheckpoint? checkpoint, int activeTerm) =>
        checkpoint is not null && checkpoint.TargetTerm == activeTerm
            ? checkpoint.ToProgress()
            : new ReencryptionProgress(activeTerm, activeTerm == 1, 0, null, null);
}

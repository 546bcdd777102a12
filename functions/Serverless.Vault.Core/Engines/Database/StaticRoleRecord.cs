namespace Serverless.Vault.Core.Engines.Database;

/// <summary>
/// A stored static-roles/:name with its current password. <see cref="PendingPassword"/> is written before the database
/// is changed, so a rotation cut short (crash, timeout) is seen and finished by the next run instead of being lost.
/// </summary>
internal sealed record StaticRoleRecord
{
    public required string DbName { get; init; }

    public required string Username { get; init; }

    public long RotationPeriodSeconds { get; init; }

    public IReadOnlyList<string> RotationStatements { get; init; } = [];

    public string Password { get; init; } = "";

    public DateTimeOffset? LastVaultRotation { get; init; }

    public string? PendingPassword { get; init; }

    public DateTimeOffset? PendingSince { get; init; }

    public override string ToString() => $"StaticRoleRecord {{ DbName = {DbName}, Username = {Username} }}";
}

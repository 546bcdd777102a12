namespace Serverless.Vault.Testing.Fakes;

/// <summary>A team membership in <see cref="FakeGitHubApi"/>: its display name, slug and organization login.</summary>
public sealed record FakeGitHubTeam(string Name, string Slug, string Org);

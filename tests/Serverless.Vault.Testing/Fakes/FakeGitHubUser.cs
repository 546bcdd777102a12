namespace Serverless.Vault.Testing.Fakes;

/// <summary>A GitHub user of <see cref="FakeGitHubApi"/>: login, id, organization logins and team memberships.</summary>
public sealed record FakeGitHubUser(string Login, long Id, IReadOnlyList<string> Orgs, IReadOnlyList<FakeGitHubTeam> Teams);

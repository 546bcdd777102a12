namespace Serverless.Vault.Testing.Fakes;

/// <summary>
/// A user of <see cref="FakeOktaApi"/>. With a <see cref="TotpPasscode"/>, authn answers MFA_REQUIRED and the factor
/// accepts only that passcode; otherwise it answers <see cref="Status"/>.
/// </summary>
public sealed record FakeOktaUser(string Login, string Password, string Id, IReadOnlyList<string> Groups)
{
    public string Status { get; init; } = "SUCCESS";

    public string? TotpPasscode { get; init; }
}

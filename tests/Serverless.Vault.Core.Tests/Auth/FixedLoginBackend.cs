using Serverless.Vault.Core.Auth;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Mounts;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Tests.Auth;

/// <summary>
/// The smallest auth method: <c>settings</c> stores token_* settings, <c>login</c> (unauthenticated) mints a token with
/// them. It exercises sys/auth, the common token fields and <see cref="LoginTokens"/> without any method's own rules.
/// </summary>
internal sealed class FixedLoginBackend : IBackend
{
    public const string Type = "fixedlogin";

    private const string SettingsKey = "settings";

    public FixedLoginBackend(LoginTokens tokens)
    {
        Paths = new PathTable(
        [
            new PathSpec("settings")
            {
                Fields = TokenParamFields.All,
                Handlers =
                {
                    [Operation.Update] = async (context, ct) =>
                    {
                        var (current, _) = await StoredJson.ReadAsync<TokenParams>(context.Storage, SettingsKey, ct);
                        var updated = TokenParamFields.Apply(current ?? new TokenParams(), context.Input);
                        await context.Storage.PutAsync(SettingsKey, StoredJson.Serialize(updated), PutCondition.None, ct);
                        return null;
                    },
                },
            },
            new PathSpec("login")
            {
                Unauthenticated = true,
                Handlers =
                {
                    [Operation.Update] = async (context, ct) =>
                    {
                        var (settings, _) = await StoredJson.ReadAsync<TokenParams>(context.Storage, SettingsKey, ct);
                        return await tokens.IssueAsync(
                            context,
                            new LoginGrant(settings ?? new TokenParams()) { DisplayName = Type, Metadata = new Dictionary<string, string> { ["who"] = "fixed" } },
                            ct);
                    },
                },
            },
        ]);
    }

    public PathTable Paths { get; }
}

internal sealed class FixedLoginBackendFactory(LoginTokens tokens) : IBackendFactory
{
    public string Type => FixedLoginBackend.Type;

    public MountKind Kind => MountKind.Auth;

    public IBackend Create(BackendContext context) => new FixedLoginBackend(tokens);
}

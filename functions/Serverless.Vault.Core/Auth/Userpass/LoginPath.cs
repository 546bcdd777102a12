using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Tokens;

namespace Serverless.Vault.Core.Auth.Userpass;

/// <summary>
/// login/:username (unauthenticated): checks the password and has <see cref="LoginTokens"/> mint the user's token. Every
/// failure is the same 400, after the same bcrypt work, whether the user exists or not.
/// </summary>
internal sealed class LoginPath(LoginTokens tokens)
{
    private const string InvalidCredentials = "invalid username or password";

    private static readonly Field<string> Password = Fields.String("password", "Password of the user.");

    public IEnumerable<PathSpec> Specs =>
    [
        new("login/{username}")
        {
            Fields = [UserpassStore.Username, Password],
            Handlers = { [Operation.Update] = LoginAsync },
            Renew = RenewAsync,
            Unauthenticated = true,
            Synopsis = "Log in with a username and password.",
        },
    ];

    /// <summary>As Vault: a deleted user's tokens, and tokens whose user has other policies now, are not renewed.</summary>
    private static async Task RenewAsync(RequestContext context, Tokens.TokenEntry token, CancellationToken cancellationToken)
    {
        var name = token.Meta?.GetValueOrDefault("username") ?? "";
        var (user, _) = UserpassStore.IsValid(name)
            ? await UserpassStore.ReadAsync(context.Storage, name, cancellationToken).ConfigureAwait(false)
            : (null, null);
        if (user is null)
        {
            throw VaultException.InvalidRequest("user no longer exists, not renewing");
        }

        if (!TokenPolicies.Equivalent(user.Token.Policies, token.Policies))
        {
            throw VaultException.InvalidRequest("policies have changed, not renewing");
        }
    }

    private async Task<VaultResponse?> LoginAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var password = context.Get(Password);
        if (password.Length == 0)
        {
            throw VaultException.InvalidRequest("missing password");
        }

        var name = UserpassStore.Normalise(context.Get(UserpassStore.Username));
        var (user, _) = UserpassStore.IsValid(name)
            ? await UserpassStore.ReadAsync(context.Storage, name, cancellationToken).ConfigureAwait(false)
            : (null, null);
        if (!UserpassPasswords.Verify(password, user?.PasswordHash) || user is null)
        {
            throw VaultException.InvalidRequest(InvalidCredentials);
        }

        var grant = new LoginGrant(user.Token)
        {
            DisplayName = DisplayName(context.Request, name),
            Metadata = new Dictionary<string, string> { ["username"] = name },
        };
        return await tokens.IssueAsync(context, grant, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>As Vault: the mount path without "auth/", slashes as dashes, then the username ("userpass-alice").</summary>
    private static string DisplayName(VaultRequest request, string username)
    {
        var mountPath = request.Mount?.Path ?? "";
        var source = (mountPath.StartsWith("auth/", StringComparison.Ordinal) ? mountPath["auth/".Length..] : mountPath).Replace('/', '-');
        return source + username;
    }
}

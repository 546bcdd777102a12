using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Auth.Userpass;

/// <summary>users/:username/password: replaces an existing user's password (its hash); the next login needs the new one.</summary>
internal static class UserPasswordPaths
{
    public static IEnumerable<PathSpec> Specs =>
    [
        new("users/{username}/password")
        {
            Fields = [UserpassStore.Username, UserPaths.Password],
            Handlers = { [Operation.Update] = UpdateAsync },
            Synopsis = "Reset a user's password.",
        },
    ];

    private static async Task<VaultResponse?> UpdateAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var name = UserpassStore.Normalise(context.Get(UserpassStore.Username));
        var (user, entry) = await UserpassStore.RequireAsync(context.Storage, name, cancellationToken).ConfigureAwait(false);
        var hash = UserpassPasswords.Hash(context.Get(UserPaths.Password));
        await UserpassStore.PutAsync(context.Storage, name, user with { PasswordHash = hash }, entry, cancellationToken).ConfigureAwait(false);
        return null;
    }
}

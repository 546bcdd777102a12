using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Auth.Userpass;

/// <summary>users (list) and users/:username: create, update, read (never the password) and delete users.</summary>
internal static class UserPaths
{
    public static readonly Field<string> Password = Fields.String("password", "Password of the user; required on create.");

    public static IEnumerable<PathSpec> Specs =>
    [
        new("users")
        {
            Handlers = { [Operation.List] = ListAsync },
            Synopsis = "List the users.",
        },
        new("users/{username}")
        {
            Fields = [UserpassStore.Username, Password, .. TokenParamFields.All],
            Handlers = { [Operation.Update] = WriteAsync, [Operation.Read] = ReadAsync, [Operation.Delete] = DeleteAsync },
            Existence = UserpassStore.ExistsAsync,
            Synopsis = "Manage users allowed to authenticate.",
            Description = "Deleting a user does not revoke the tokens it already logged in for; revoke auth/<mount>/login/<username> for that.",
        },
    ];

    private static async Task<VaultResponse?> ListAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var children = await context.Storage.ListAsync(UserpassStore.UserPrefix, cancellationToken).ConfigureAwait(false);
        var names = children.Where(child => !child.EndsWith('/')).Select(name => (JsonNode)name).ToArray();
        return names.Length == 0 ? null : VaultResponse.WithData(new JsonObject { ["keys"] = new JsonArray(names) });
    }

    private static async Task<VaultResponse?> WriteAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var name = UserpassStore.RequireValidName(context);
        var (existing, entry) = await UserpassStore.ReadAsync(context.Storage, name, cancellationToken).ConfigureAwait(false);
        if (existing is null && !context.Input.Has(Password))
        {
            throw VaultException.InvalidRequest("missing password");
        }

        var settings = TokenParamFields.Apply(existing?.Token ?? new TokenParams(), context.Input);
        var hash = context.Input.Has(Password) ? UserpassPasswords.Hash(context.Get(Password)) : existing!.PasswordHash;
        var user = new UserpassUser { Token = settings, PasswordHash = hash };
        await UserpassStore.PutAsync(context.Storage, name, user, entry, cancellationToken).ConfigureAwait(false);
        return null;
    }

    private static async Task<VaultResponse?> ReadAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var (user, _) = await UserpassStore.ReadAsync(context.Storage, UserpassStore.Normalise(context.Get(UserpassStore.Username)), cancellationToken).ConfigureAwait(false);
        if (user is null)
        {
            return null;
        }

        var data = new JsonObject();
        TokenParamFields.Describe(user.Token, data);
        return VaultResponse.WithData(data);
    }

    private static async Task<VaultResponse?> DeleteAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var key = UserpassStore.UserPrefix + UserpassStore.Normalise(context.Get(UserpassStore.Username));
        await context.Storage.DeleteAsync(key, cancellationToken).ConfigureAwait(false);
        return null;
    }
}

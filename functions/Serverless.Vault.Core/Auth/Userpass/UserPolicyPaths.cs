using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Auth.Userpass;

/// <summary>users/:username/policies: replaces an existing user's token_policies (or legacy policies) and nothing else.</summary>
internal static class UserPolicyPaths
{
    private static readonly string[] PolicyFieldNames = ["token_policies", "policies"];

    private static readonly IReadOnlyList<Field> PolicyFields = [.. TokenParamFields.All.Where(f => PolicyFieldNames.Contains(f.Name, StringComparer.Ordinal))];

    public static IEnumerable<PathSpec> Specs =>
    [
        new("users/{username}/policies")
        {
            Fields = [UserpassStore.Username, .. PolicyFields],
            Handlers = { [Operation.Update] = UpdateAsync },
            Synopsis = "Update the policies of a user's tokens.",
        },
    ];

    private static async Task<VaultResponse?> UpdateAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var name = UserpassStore.Normalise(context.Get(UserpassStore.Username));
        var (user, entry) = await UserpassStore.RequireAsync(context.Storage, name, cancellationToken).ConfigureAwait(false);

        // Only the policy fields reach the shared parser, so a stray token_ttl in the body cannot change other settings.
        var policiesOnly = new JsonObject();
        foreach (var field in PolicyFieldNames)
        {
            if (context.Input.Raw.TryGetPropertyValue(field, out var value) && value is not null)
            {
                policiesOnly[field] = value.DeepClone();
            }
        }

        var settings = TokenParamFields.Apply(user.Token, new FieldData(policiesOnly, new Dictionary<string, string>(), PolicyFields));
        await UserpassStore.PutAsync(context.Storage, name, user with { Token = settings }, entry, cancellationToken).ConfigureAwait(false);
        return null;
    }
}

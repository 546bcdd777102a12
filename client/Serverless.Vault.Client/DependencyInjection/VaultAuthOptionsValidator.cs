using Microsoft.Extensions.Options;

namespace Serverless.Vault.Client.DependencyInjection;

/// <summary>Checks at start-up that the chosen auth method has the fields it needs; each failure says what to set.</summary>
internal sealed class VaultAuthOptionsValidator : IValidateOptions<VaultAuthOptions>
{
    public ValidateOptionsResult Validate(string? name, VaultAuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var method = VaultAuthMethodFactory.MethodOf(options);
        if (method is null)
        {
            return ValidateOptionsResult.Fail(string.IsNullOrWhiteSpace(options.Method)
                ? "Vault auth is not configured: set Auth:Method to one of token, approle, userpass, jwt, azure (or set Auth:Token or the VAULT_TOKEN environment variable)."
                : $"Vault Auth:Method '{options.Method}' is unknown: use one of token, approle, userpass, jwt, azure.");
        }

        var failures = new List<string>();
        switch (method)
        {
            case VaultAuthMethodFactory.Token:
                Require(failures, options.Token, "Auth:Token", "token", "the token to use, or set the VAULT_TOKEN environment variable");
                break;
            case VaultAuthMethodFactory.AppRole:
                Require(failures, options.RoleId, "Auth:RoleId", "approle", "the role's ID, as read from auth/approle/role/<name>/role-id");
                break;
            case VaultAuthMethodFactory.Userpass:
                Require(failures, options.Username, "Auth:Username", "userpass", "the user name");
                Require(failures, options.Password, "Auth:Password", "userpass", "the user's password");
                break;
            case VaultAuthMethodFactory.Jwt:
                Require(failures, options.Role, "Auth:Role", "jwt", "the vault role to log in against");
                if (string.IsNullOrEmpty(options.Jwt) == string.IsNullOrEmpty(options.JwtFile))
                {
                    failures.Add("The vault jwt auth method needs exactly one of Auth:JwtFile (a file holding the JWT, read at each login) or Auth:Jwt.");
                }

                break;
            default:
                Require(failures, options.Role, "Auth:Role", "azure", "the vault role to log in against");
                if (!string.IsNullOrEmpty(options.VmName) && !string.IsNullOrEmpty(options.VmssName))
                {
                    failures.Add("The vault azure auth method takes Auth:VmName or Auth:VmssName, not both: keep the one the identity runs on.");
                }

                break;
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Require(List<string> failures, string? value, string key, string method, string what)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            failures.Add($"{key} is required for the vault {method} auth method: set it to {what}.");
        }
    }
}

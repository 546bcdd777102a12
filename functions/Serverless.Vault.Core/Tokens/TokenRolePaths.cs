using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Mounts;

namespace Serverless.Vault.Core.Tokens;

/// <summary>auth/token/roles and roles/:role_name: list, read, write and delete token roles.</summary>
internal sealed partial class TokenRolePaths(TokenRoleStore roles)
{
    private static readonly Field<IReadOnlyList<string>> AllowedPolicies = Fields.StringList("allowed_policies", "Policies tokens of this role may have, whatever the caller's.");
    private static readonly Field<IReadOnlyList<string>> DisallowedPolicies = Fields.StringList("disallowed_policies", "Policies tokens of this role may never have.");
    private static readonly Field<bool> Orphan = Fields.Bool("orphan", "Tokens of this role have no parent.");
    private static readonly Field<bool> Renewable = Fields.Bool("renewable", "Tokens of this role may be renewed.", defaultValue: true);
    private static readonly Field<string> TokenType = Fields.String("token_type", "service, batch, default-service or default-batch.");
    private static readonly Field<TimeSpan> TokenPeriod = Fields.Duration("token_period", "Makes tokens periodic with this period.");
    private static readonly Field<TimeSpan> Period = Fields.Duration("period", "Use token_period.");
    private static readonly Field<TimeSpan> TokenExplicitMaxTtl = Fields.Duration("token_explicit_max_ttl", "Hard limit on tokens' lives.");
    private static readonly Field<TimeSpan> ExplicitMaxTtl = Fields.Duration("explicit_max_ttl", "Use token_explicit_max_ttl.");
    private static readonly Field<TimeSpan> TokenTtl = Fields.Duration("token_ttl", "Initial TTL of tokens that ask for none.");
    private static readonly Field<TimeSpan> TokenMaxTtl = Fields.Duration("token_max_ttl", "Maximum TTL of tokens, renewals included.");
    private static readonly Field<string> PathSuffix = Fields.String("path_suffix", "Appended to the creation path of the role's tokens.");
    private static readonly Field<bool> TokenNoDefaultPolicy = Fields.Bool("token_no_default_policy", "Do not add the default policy.");
    private static readonly Field<long> TokenNumUses = Fields.Int("token_num_uses", "Maximum uses of the role's tokens; 0 is unlimited.");

    public IEnumerable<PathSpec> Paths =>
    [
        new PathSpec("roles")
        {
            Handlers = { [Operation.List] = ListAsync },
            Synopsis = "List the token roles.",
        },
        new PathSpec("roles/{role_name}")
        {
            Fields = [TokenFields.RoleName, AllowedPolicies, DisallowedPolicies, Orphan, Renewable, TokenType, TokenPeriod, Period, TokenExplicitMaxTtl, ExplicitMaxTtl, TokenTtl, TokenMaxTtl, PathSuffix, TokenNoDefaultPolicy, TokenNumUses],
            Handlers = { [Operation.Read] = ReadAsync, [Operation.Update] = WriteAsync, [Operation.Delete] = DeleteAsync },
            Existence = async (context, ct) => await roles.GetAsync(Name(context), ct).ConfigureAwait(false) is not null,
            Synopsis = "Read, create, update or delete a token role.",
        },
    ];

    private async Task<VaultResponse?> ListAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var names = await roles.ListAsync(cancellationToken).ConfigureAwait(false);
        return names.Count == 0 ? null : VaultResponse.WithData(new JsonObject { ["keys"] = TokenJson.Strings(names) });
    }

    private async Task<VaultResponse?> ReadAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var role = await roles.GetAsync(Name(context), cancellationToken).ConfigureAwait(false);
        if (role is null)
        {
            return null;
        }

        var data = new JsonObject
        {
            ["name"] = role.Name,
            ["allowed_policies"] = TokenJson.Strings(role.AllowedPolicies),
            ["disallowed_policies"] = TokenJson.Strings(role.DisallowedPolicies),
            ["allowed_policies_glob"] = new JsonArray(),
            ["disallowed_policies_glob"] = new JsonArray(),
            ["orphan"] = role.Orphan,
            ["renewable"] = role.Renewable,
            ["token_type"] = role.TokenType,
            ["token_period"] = role.TokenPeriod,
            ["period"] = role.TokenPeriod,
            ["token_explicit_max_ttl"] = role.TokenExplicitMaxTtl,
            ["explicit_max_ttl"] = role.TokenExplicitMaxTtl,
            ["token_ttl"] = role.TokenTtl,
            ["token_max_ttl"] = role.TokenMaxTtl,
            ["path_suffix"] = role.PathSuffix,
            ["token_no_default_policy"] = role.TokenNoDefaultPolicy,
        };
        if (role.TokenNumUses > 0)
        {
            data["token_num_uses"] = role.TokenNumUses;
        }

        return VaultResponse.WithData(data);
    }

    private async Task<VaultResponse?> WriteAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var name = Name(context);
        var warnings = new List<string>();
        var role = await roles.GetAsync(name, cancellationToken).ConfigureAwait(false) ?? new TokenRole { Name = name };
        role = role with
        {
            AllowedPolicies = context.Input.Has(AllowedPolicies) ? TokenPolicies.Sanitize(context.Get(AllowedPolicies), false) : role.AllowedPolicies,
            DisallowedPolicies = context.Input.Has(DisallowedPolicies) ? TokenPolicies.Sanitize(context.Get(DisallowedPolicies), false) : role.DisallowedPolicies,
            Orphan = context.GetOr(Orphan, role.Orphan),
            Renewable = context.GetOr(Renewable, role.Renewable),
            TokenType = context.Input.Has(TokenType) ? ValidType(context.Get(TokenType)) : role.TokenType,
            PathSuffix = context.Input.Has(PathSuffix) ? ValidSuffix(context.Get(PathSuffix)) : role.PathSuffix,
            TokenPeriod = Preferred(context, TokenPeriod, Period, role.TokenPeriod, warnings),
            TokenExplicitMaxTtl = Preferred(context, TokenExplicitMaxTtl, ExplicitMaxTtl, role.TokenExplicitMaxTtl, warnings),
            TokenTtl = context.Input.Has(TokenTtl) ? TokenFields.Seconds(context, TokenTtl) : role.TokenTtl,
            TokenMaxTtl = context.Input.Has(TokenMaxTtl) ? TokenFields.Seconds(context, TokenMaxTtl) : role.TokenMaxTtl,
            TokenNoDefaultPolicy = context.GetOr(TokenNoDefaultPolicy, role.TokenNoDefaultPolicy),
            TokenNumUses = context.Input.Has(TokenNumUses) ? NonNegative(context.Get(TokenNumUses)) : role.TokenNumUses,
        };
        ValidateBatch(role);
        var max = MountDefaults.EffectiveMaxTtl(TokenFields.Mount(context));
        if (role.TokenExplicitMaxTtl > max)
        {
            warnings.Add($"Given explicit max TTL of {role.TokenExplicitMaxTtl} is greater than system/mount allowed value of {max} seconds; until this is fixed attempting to create tokens against this role will result in an error");
        }

        await roles.PutAsync(role, cancellationToken).ConfigureAwait(false);
        return warnings.Count == 0 ? null : VaultResponse.WithWarnings(warnings);
    }

    private async Task<VaultResponse?> DeleteAsync(RequestContext context, CancellationToken cancellationToken)
    {
        await roles.DeleteAsync(Name(context), cancellationToken).ConfigureAwait(false);
        return null;
    }

    private static string Name(RequestContext context)
    {
        var name = context.Get(TokenFields.RoleName);
        return RoleName().IsMatch(name) ? name : throw VaultException.UnsupportedPath(context.Request.OriginalPath);
    }

    /// <summary>The token_ field wins over its legacy twin, with Vault's warning when both are given.</summary>
    private static long Preferred(RequestContext context, Field<TimeSpan> current, Field<TimeSpan> legacy, long existing, List<string> warnings)
    {
        if (context.Input.Has(current))
        {
            if (context.Input.Has(legacy))
            {
                warnings.Add($"Both '{current.Name}' and deprecated '{legacy.Name}' value supplied, ignoring the deprecated value");
            }

            return TokenFields.Seconds(context, current);
        }

        return context.Input.Has(legacy) ? TokenFields.Seconds(context, legacy) : existing;
    }

    private static string ValidType(string type) => type is TokenTypes.Service or TokenTypes.Batch or "default-service" or "default-batch"
        ? type
        : throw VaultException.InvalidRequest($"invalid 'token_type' value \"{type}\"");

    private static string ValidSuffix(string suffix)
    {
        if (suffix.Length > 0 && !PathSuffixPattern().IsMatch(suffix))
        {
            throw VaultException.InvalidRequest("given role path suffix contains invalid characters; must match \\w[\\w-.]+\\w");
        }

        return suffix.Contains("..", StringComparison.Ordinal)
            ? throw VaultException.InvalidRequest("error registering path suffix: path cannot contain parent references")
            : suffix;
    }

    private static long NonNegative(long value) => value < 0 ? throw VaultException.InvalidRequest("token_num_uses cannot be negative") : value;

    private static void ValidateBatch(TokenRole role)
    {
        if (role.TokenType != TokenTypes.Batch)
        {
            return;
        }

        var problem = !role.Orphan ? "non-orphan tokens"
            : role.TokenPeriod != 0 ? "periodic tokens"
            : role.Renewable ? "renewable tokens"
            : role.TokenExplicitMaxTtl != 0 ? "tokens with an explicit max TTL"
            : null;
        if (problem is not null)
        {
            throw VaultException.InvalidRequest($"'token_type' cannot be 'batch' when role is set to generate {problem}");
        }
    }

    [GeneratedRegex(@"^\w([\w\-.]*\w)?$")]
    private static partial Regex RoleName();

    // Unanchored, as in Vault: the suffix must contain such a run.
    [GeneratedRegex(@"\w[\w\-.]+\w")]
    private static partial Regex PathSuffixPattern();
}

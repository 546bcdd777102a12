using System.Text.RegularExpressions;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Tokens;

/// <summary>auth/token/create, create-orphan and create/:role_name: child, orphan and role-shaped tokens.</summary>
internal sealed partial class TokenCreatePaths(TokenStore store, TokenRoleStore roles, TokenCallers callers, TimeProvider time)
{
    private static readonly Field<string> Id = Fields.String("id", "The token id to use instead of a random one (root or sudo only).");
    private static readonly Field<IReadOnlyList<string>> Policies = Fields.StringList("policies", "Policies of the token; by default the caller's.");
    private static readonly Field<IReadOnlyDictionary<string, string>?> Meta = Fields.StringMap("meta", "Metadata key/value pairs, shown in lookups and audit logs.");
    private static readonly Field<bool> NoParent = Fields.Bool("no_parent", "Create an orphan (root or sudo only).");
    private static readonly Field<bool> NoDefaultPolicy = Fields.Bool("no_default_policy", "Do not add the default policy.");
    private static readonly Field<bool> Renewable = Fields.Bool("renewable", "Whether the token may be renewed.", defaultValue: true);
    private static readonly Field<TimeSpan> Ttl = Fields.Duration("ttl", "Initial TTL; the mount default when absent.");
    private static readonly Field<TimeSpan> ExplicitMaxTtl = Fields.Duration("explicit_max_ttl", "Hard limit on the token's life, renewals included.");
    private static readonly Field<TimeSpan> Period = Fields.Duration("period", "Makes the token periodic: each renewal grants this TTL (root or sudo only).");
    private static readonly Field<string> DisplayName = Fields.String("display_name", "A name for the token, shown in lookups.");
    private static readonly Field<long> NumUses = Fields.Int("num_uses", "Number of requests the token may make; 0 is unlimited.");
    private static readonly Field<string> Type = Fields.String("type", "\"service\" (default) or \"batch\".");

    private static readonly Field[] CommonFields = [Id, Policies, Meta, NoParent, NoDefaultPolicy, Renewable, Ttl, ExplicitMaxTtl, Period, DisplayName, NumUses, Type];

    public IEnumerable<PathSpec> Paths =>
    [
        new PathSpec("create")
        {
            Fields = CommonFields,
            Handlers = { [Operation.Update] = (context, ct) => CreateAsync(context, orphan: false, role: null, ct) },
            Synopsis = "Create a token, by default a child of the caller's.",
        },
        new PathSpec("create-orphan")
        {
            Fields = CommonFields,
            Handlers = { [Operation.Update] = (context, ct) => CreateAsync(context, orphan: true, role: null, ct) },
            Synopsis = "Create a token without a parent: revoking the caller's token leaves it alive.",
        },
        new PathSpec("create/{role_name}")
        {
            Fields = [TokenFields.RoleName, .. CommonFields],
            Handlers = { [Operation.Update] = CreateAgainstRoleAsync },
            Synopsis = "Create a token shaped by a token role.",
        },
    ];

    private async Task<VaultResponse?> CreateAgainstRoleAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var name = context.Get(TokenFields.RoleName);
        var role = await roles.GetAsync(name, cancellationToken).ConfigureAwait(false)
            ?? throw VaultException.InvalidRequest($"unknown role {name}");
        return await CreateAsync(context, orphan: false, role, cancellationToken).ConfigureAwait(false);
    }

    private async Task<VaultResponse?> CreateAsync(RequestContext context, bool orphan, TokenRole? role, CancellationToken cancellationToken)
    {
        var parent = context.Request.Token ?? throw VaultException.InvalidRequest("parent token lookup failed: no parent found");
        if (parent.IsBatch)
        {
            throw VaultException.InvalidRequest("batch tokens cannot create more tokens");
        }

        if (parent.NumUses != 0)
        {
            // Children would let a limited-use token escape its count.
            throw VaultException.InvalidRequest("restricted use token cannot generate child tokens");
        }

        var sudo = await callers.HasSudoAsync(context, cancellationToken).ConfigureAwait(false);
        var warnings = new List<string>();
        var type = TokenType(context, role);
        var renewable = context.Get(Renewable) && type == TokenTypes.Service && (role?.Renewable ?? true);
        var numUses = NumUsesOf(context, role);
        var customId = CustomId(context, sudo);
        var policies = TokenCreatePolicies.Compute(context.Get(Policies), parent.Policies, context.Get(NoDefaultPolicy), sudo, role);
        if (policies.Contains(TokenPolicies.Root, StringComparer.Ordinal))
        {
            if (!parent.IsRoot)
            {
                throw VaultException.InvalidRequest("root tokens may not be created without parent token being root");
            }

            if (type == TokenTypes.Batch)
            {
                throw VaultException.InvalidRequest("batch tokens cannot be root tokens");
            }
        }

        var isOrphan = role is not null ? role.Orphan : RequireSudo(context.Get(NoParent), sudo, "root or sudo privileges required to create orphan token") || orphan;
        var (explicitMaxTtl, period) = Limits(context, role, sudo, warnings);
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var ttl = TokenFields.Seconds(context, Ttl);
        if (ttl == 0 && role is not null)
        {
            ttl = role.TokenTtl;
        }

        if (period > 0 || ttl > 0 || !policies.Contains(TokenPolicies.Root, StringComparer.Ordinal))
        {
            (ttl, var ttlWarnings) = TokenTtl.Calculate(TokenFields.Mount(context), now, 0, ttl, period, role?.TokenMaxTtl ?? 0, explicitMaxTtl, now);
            warnings.AddRange(ttlWarnings);
        }

        if (ttl == 0 && explicitMaxTtl > 0)
        {
            ttl = explicitMaxTtl;
        }

        if (ttl == 0)
        {
            if (parent.ExpireTime != 0)
            {
                throw VaultException.InvalidRequest("expiring root tokens cannot create non-expiring root tokens");
            }

            renewable = false;
        }

        if (type == TokenTypes.Batch && !isOrphan && parent.ExpireTime > 0)
        {
            // A batch token cannot be revoked, so it must not outlive the parent whose revocation should end it.
            ttl = Math.Min(ttl, parent.RemainingTtl(time.GetUtcNow()));
        }

        if (!isOrphan && await store.DepthAsync(parent.Key, cancellationToken).ConfigureAwait(false) is var depth && depth + 1 > TokenStore.MaxTreeDepth)
        {
            throw VaultException.InvalidRequest($"token trees are limited to {TokenStore.MaxTreeDepth} levels");
        }

        var template = new TokenEntry
        {
            Accessor = "",
            Policies = policies,
            Path = PathOf(context, role),
            DisplayName = DisplayNameOf(context),
            CreationTime = now,
            Ttl = ttl,
            ExpireTime = ttl > 0 ? now + ttl : 0,
            Meta = context.GetOr(Meta, null),
            Parent = isOrphan ? "" : parent.Key,
            NumUses = numUses,
            ExplicitMaxTtl = explicitMaxTtl,
            Period = period,
            Role = role?.Name ?? "",
            Renewable = renewable,
            Type = type,
        };
        var issued = await store.CreateAsync(template, customId, cancellationToken).ConfigureAwait(false);
        return new VaultResponse { Auth = TokenJson.Auth(issued.Id, issued.Entry, ttl, renewable), Warnings = warnings };
    }

    private static string TokenType(RequestContext context, TokenRole? role)
    {
        var type = context.Get(Type);
        type = role?.TokenType switch
        {
            null or "default-service" or "" => type,
            "default-batch" => type.Length == 0 ? TokenTypes.Batch : type,
            TokenTypes.Service or TokenTypes.Batch => role.TokenType,
            _ => throw VaultException.InvalidRequest($"role being used for token creation contains invalid token type \"{role.TokenType}\""),
        };
        switch (type)
        {
            case "" or TokenTypes.Service:
                return TokenTypes.Service;
            case TokenTypes.Batch:
                var bad = context.Get(ExplicitMaxTtl) != TimeSpan.Zero ? "explicit_max_ttl"
                    : context.Get(NumUses) != 0 ? "num_uses"
                    : context.Get(Period) != TimeSpan.Zero ? "period"
                    : null;
                return bad is null ? TokenTypes.Batch : throw VaultException.InvalidRequest($"batch tokens cannot have \"{bad}\" set");
            default:
                throw VaultException.InvalidRequest("invalid 'token_type' value");
        }
    }

    private static long NumUsesOf(RequestContext context, TokenRole? role)
    {
        var numUses = context.Get(NumUses);
        if (numUses < 0)
        {
            throw VaultException.InvalidRequest("number of uses cannot be negative");
        }

        // 0 means unlimited, so the role's limit wins unless the caller asked for fewer uses.
        return role is null || role.TokenNumUses == 0 ? numUses
            : numUses == 0 || role.TokenNumUses < numUses ? role.TokenNumUses
            : numUses;
    }

    private static (long ExplicitMaxTtl, long Period) Limits(RequestContext context, TokenRole? role, bool sudo, List<string> warnings)
    {
        var explicitMaxTtl = TokenFields.Seconds(context, ExplicitMaxTtl);
        var period = TokenFields.Seconds(context, Period);
        RequireSudo(period > 0, sudo, "root or sudo privileges required to create periodic token");
        if (role is null)
        {
            return (explicitMaxTtl, period);
        }

        if (role.TokenExplicitMaxTtl > 0)
        {
            if (explicitMaxTtl > 0)
            {
                explicitMaxTtl = Math.Min(explicitMaxTtl, role.TokenExplicitMaxTtl);
                warnings.Add($"Explicit max TTL specified both during creation call and in role; using the lesser value of {explicitMaxTtl} seconds");
            }
            else
            {
                explicitMaxTtl = role.TokenExplicitMaxTtl;
            }
        }

        if (role.TokenPeriod > 0)
        {
            if (period > 0)
            {
                period = Math.Min(period, role.TokenPeriod);
                warnings.Add($"Period specified both during creation call and in role; using the lesser value of {period} seconds");
            }
            else
            {
                period = role.TokenPeriod;
            }
        }

        return (explicitMaxTtl, period);
    }

    private static string? CustomId(RequestContext context, bool sudo)
    {
        var id = context.Get(Id);
        if (id.Length == 0)
        {
            return null;
        }

        RequireSudo(true, sudo, "root or sudo privileges required to specify token id");
        return id.StartsWith(TokenTypes.ServicePrefix, StringComparison.Ordinal) ? throw VaultException.InvalidRequest("custom token ID cannot have the 'hvs.' prefix")
            : id.StartsWith("s.", StringComparison.Ordinal) ? throw VaultException.InvalidRequest("custom token ID cannot have the 's.' prefix")
            : id.Contains('.', StringComparison.Ordinal) ? throw VaultException.InvalidRequest("custom token ID cannot have a '.' in the value")
            : id.Length > TokenStore.MaxTokenLength ? throw VaultException.InvalidRequest($"custom token ID is longer than {TokenStore.MaxTokenLength} characters")
            : id;
    }

    private static bool RequireSudo(bool wanted, bool sudo, string message) =>
        wanted && !sudo ? throw VaultException.InvalidRequest(message) : wanted;

    /// <summary>"auth/token/create/role[/suffix]": the path lets operators find (and revoke) tokens by origin.</summary>
    private static string PathOf(RequestContext context, TokenRole? role)
    {
        var path = "auth/token/" + context.Request.Path.TrimEnd('/');
        return role is { PathSuffix.Length: > 0 } ? path + "/" + role.PathSuffix : path;
    }

    private static string DisplayNameOf(RequestContext context)
    {
        var name = context.Get(DisplayName);
        if (name.Length == 0)
        {
            return "token";
        }

        var full = UnsafeDisplayCharacters().Replace("token-" + name, "-");
        return full.EndsWith('-') ? full[..^1] : full;
    }

    [GeneratedRegex("[^a-zA-Z0-9-]")]
    private static partial Regex UnsafeDisplayCharacters();
}

using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Auth;

/// <summary>
/// The token_* fields of auth method roles and users, with Vault's legacy spellings (policies, period, ttl,
/// max_ttl, num_uses, bound_cidrs), parsed onto <see cref="TokenParams"/> and written back on reads.
/// </summary>
public static class TokenParamFields
{
    public static readonly Field<IReadOnlyList<string>> Policies = Fields.StringList("token_policies", "Policies of the tokens issued.");
    public static readonly Field<TimeSpan> Ttl = Fields.Duration("token_ttl", "Initial TTL of the tokens issued.");
    public static readonly Field<TimeSpan> MaxTtl = Fields.Duration("token_max_ttl", "Longest life of the tokens issued.");
    public static readonly Field<TimeSpan> Period = Fields.Duration("token_period", "Makes the tokens periodic with this period.");
    public static readonly Field<long> NumUses = Fields.Int("token_num_uses", "Uses each token allows (0: unlimited).");
    public static readonly Field<IReadOnlyList<string>> BoundCidrs = Fields.StringList("token_bound_cidrs", "CIDR blocks the tokens may be used from.");
    public static readonly Field<string> Type = Fields.String("token_type", "service, batch or default.", "default");
    public static readonly Field<TimeSpan> ExplicitMaxTtl = Fields.Duration("token_explicit_max_ttl", "A hard cap on the tokens' life.");
    public static readonly Field<bool> NoDefaultPolicy = Fields.Bool("token_no_default_policy", "Leave the default policy out.");

    private static readonly Field<IReadOnlyList<string>> LegacyPolicies = Fields.StringList("policies", "Deprecated: use token_policies.");
    private static readonly Field<TimeSpan> LegacyPeriod = Fields.Duration("period", "Deprecated: use token_period.");
    private static readonly Field<TimeSpan> LegacyTtl = Fields.Duration("ttl", "Deprecated: use token_ttl.");
    private static readonly Field<TimeSpan> LegacyMaxTtl = Fields.Duration("max_ttl", "Deprecated: use token_max_ttl.");
    private static readonly Field<IReadOnlyList<string>> LegacyBoundCidrs = Fields.StringList("bound_cidrs", "Deprecated: use token_bound_cidrs.");

    private static readonly string[] Types = ["default", "service", "batch", "default-service", "default-batch"];

    /// <summary>Every field, the legacy ones included, for a path's field list.</summary>
    public static IReadOnlyList<Field> All =>
        [Policies, Ttl, MaxTtl, Period, NumUses, BoundCidrs, Type, ExplicitMaxTtl, NoDefaultPolicy, LegacyPolicies, LegacyPeriod, LegacyTtl, LegacyMaxTtl, LegacyBoundCidrs];

    /// <summary>The settings after a write: fields the request names replace the current ones, the rest stay.</summary>
    public static TokenParams Apply(TokenParams current, FieldData input)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(input);
        var updated = current with
        {
            Policies = Pick(input, Policies, LegacyPolicies, current.Policies, v => v.Select(p => p.Trim().ToLowerInvariant()).Where(p => p.Length > 0).Distinct().ToList()),
            Ttl = Pick(input, Ttl, LegacyTtl, current.Ttl, Seconds),
            MaxTtl = Pick(input, MaxTtl, LegacyMaxTtl, current.MaxTtl, Seconds),
            Period = Pick(input, Period, LegacyPeriod, current.Period, Seconds),
            BoundCidrs = Pick(input, BoundCidrs, LegacyBoundCidrs, current.BoundCidrs, CidrBlocks.Parse),
            NumUses = input.Has(NumUses) ? input.Get(NumUses) : current.NumUses,
            Type = input.Has(Type) ? input.Get(Type) : current.Type,
            ExplicitMaxTtl = input.Has(ExplicitMaxTtl) ? Seconds(input.Get(ExplicitMaxTtl)) : current.ExplicitMaxTtl,
            NoDefaultPolicy = input.Has(NoDefaultPolicy) ? input.Get(NoDefaultPolicy) : current.NoDefaultPolicy,
        };
        Validate(updated);
        return updated;
    }

    /// <summary>Adds the settings to a read's data, as Vault shows them (with the legacy "policies" copy).</summary>
    public static void Describe(TokenParams settings, JsonObject data)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(data);
        data["token_policies"] = new JsonArray([.. settings.Policies.Select(p => (JsonNode)p)]);
        data["policies"] = new JsonArray([.. settings.Policies.Select(p => (JsonNode)p)]);
        data["token_ttl"] = settings.Ttl;
        data["token_max_ttl"] = settings.MaxTtl;
        data["token_period"] = settings.Period;
        data["period"] = settings.Period;
        data["token_num_uses"] = settings.NumUses;
        data["token_bound_cidrs"] = new JsonArray([.. settings.BoundCidrs.Select(c => (JsonNode)c)]);
        data["token_type"] = settings.Type;
        data["token_explicit_max_ttl"] = settings.ExplicitMaxTtl;
        data["token_no_default_policy"] = settings.NoDefaultPolicy;
    }

    private static void Validate(TokenParams settings)
    {
        if (!Types.Contains(settings.Type, StringComparer.Ordinal))
        {
            throw VaultException.InvalidRequest($"invalid 'token_type' value \"{settings.Type}\"");
        }

        if (settings.NumUses < 0)
        {
            throw VaultException.InvalidRequest("'token_num_uses' cannot be negative");
        }

        if (settings.MaxTtl > 0 && settings.Ttl > settings.MaxTtl)
        {
            throw VaultException.InvalidRequest("'token_ttl' cannot be greater than 'token_max_ttl'");
        }

        if (settings.IsBatch && settings.Period > 0)
        {
            throw VaultException.InvalidRequest("'token_type' cannot be 'batch' or 'default_batch' when set to generate periodic tokens");
        }

        if (settings.IsBatch && settings.NumUses > 0)
        {
            throw VaultException.InvalidRequest("'token_type' cannot be 'batch' or 'default_batch' when set to generate tokens with limited use count");
        }
    }

    private static TOut Pick<TIn, TOut>(FieldData input, Field<TIn> field, Field<TIn> legacy, TOut current, Func<TIn, TOut> convert) =>
        input.Has(field) ? convert(input.Get(field)) : input.Has(legacy) ? convert(input.Get(legacy)) : current;

    private static long Seconds(TimeSpan duration) => duration < TimeSpan.Zero
        ? throw VaultException.InvalidRequest("durations cannot be negative")
        : (long)duration.TotalSeconds;
}

using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Mounts;

namespace Serverless.Vault.Core.System;

/// <summary>The tunable mount settings, read either from the "config" map of an enable or from a tune's body.</summary>
internal static class MountConfigFields
{
    public static readonly Field<TimeSpan> DefaultLeaseTtl = Fields.Duration("default_lease_ttl", "Default lease TTL; 0 for the system default.");
    public static readonly Field<TimeSpan> MaxLeaseTtl = Fields.Duration("max_lease_ttl", "Maximum lease TTL; 0 for the system default.");
    public static readonly Field<bool> ForceNoCache = Fields.Bool("force_no_cache", "Disable caching.");
    public static readonly Field<string> ListingVisibility = Fields.String("listing_visibility", "\"unauth\" to list the mount in the unauthenticated UI listing.");
    public static readonly Field<IReadOnlyList<string>> AuditNonHmacRequestKeys = Fields.StringList("audit_non_hmac_request_keys", "Request keys audit devices log without HMAC.");
    public static readonly Field<IReadOnlyList<string>> AuditNonHmacResponseKeys = Fields.StringList("audit_non_hmac_response_keys", "Response keys audit devices log without HMAC.");
    public static readonly Field<IReadOnlyList<string>> PassthroughRequestHeaders = Fields.StringList("passthrough_request_headers", "Headers passed to the backend.");
    public static readonly Field<IReadOnlyList<string>> AllowedResponseHeaders = Fields.StringList("allowed_response_headers", "Headers the backend may set.");

    public static readonly IReadOnlyList<Field> All =
        [DefaultLeaseTtl, MaxLeaseTtl, ForceNoCache, ListingVisibility, AuditNonHmacRequestKeys, AuditNonHmacResponseKeys, PassthroughRequestHeaders, AllowedResponseHeaders];

    /// <summary>Applies the supplied settings over <paramref name="current"/>; settings not supplied keep their value.</summary>
    public static MountConfig Apply(MountConfig current, FieldData input)
    {
        var config = current with
        {
            DefaultLeaseTtl = input.Has(DefaultLeaseTtl) ? Seconds(input, DefaultLeaseTtl) : current.DefaultLeaseTtl,
            MaxLeaseTtl = input.Has(MaxLeaseTtl) ? Seconds(input, MaxLeaseTtl) : current.MaxLeaseTtl,
            ForceNoCache = input.Has(ForceNoCache) ? input.Get(ForceNoCache) : current.ForceNoCache,
            ListingVisibility = input.Has(ListingVisibility) ? Visibility(input.Get(ListingVisibility)) : current.ListingVisibility,
            AuditNonHmacRequestKeys = input.Has(AuditNonHmacRequestKeys) ? input.Get(AuditNonHmacRequestKeys) : current.AuditNonHmacRequestKeys,
            AuditNonHmacResponseKeys = input.Has(AuditNonHmacResponseKeys) ? input.Get(AuditNonHmacResponseKeys) : current.AuditNonHmacResponseKeys,
            PassthroughRequestHeaders = input.Has(PassthroughRequestHeaders) ? input.Get(PassthroughRequestHeaders) : current.PassthroughRequestHeaders,
            AllowedResponseHeaders = input.Has(AllowedResponseHeaders) ? input.Get(AllowedResponseHeaders) : current.AllowedResponseHeaders,
        };
        if (config.DefaultLeaseTtl > MountDefaults.EffectiveMaxTtl(config))
        {
            throw VaultException.InvalidRequest("default_lease_ttl cannot be greater than max_lease_ttl");
        }

        return config;
    }

    /// <summary>Reads the settings from a nested map, as sys/mounts/:path takes them under "config".</summary>
    public static MountConfig FromMap(JsonObject? map) =>
        map is null ? new MountConfig() : Apply(new MountConfig(), new FieldData(map, new Dictionary<string, string>(), All));

    private static long Seconds(FieldData input, Field<TimeSpan> field)
    {
        // Vault accepts "system" for "use the system default", which we store as 0.
        if (input.Raw[field.Name] is JsonValue value && value.TryGetValue(out string? text) && text == "system")
        {
            return 0;
        }

        var duration = input.Get(field);
        return duration < TimeSpan.Zero ? throw VaultException.InvalidRequest($"{field.Name} cannot be negative") : (long)duration.TotalSeconds;
    }

    private static string Visibility(string value) => value is "" or "unauth" or "hidden"
        ? value
        : throw VaultException.InvalidRequest($"invalid listing_visibility {value}: use \"unauth\" or \"hidden\"");
}

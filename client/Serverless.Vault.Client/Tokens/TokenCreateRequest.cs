using System.Text.Json.Nodes;

namespace Serverless.Vault.Client.Tokens;

/// <summary>What <see cref="TokenClient.CreateAsync"/> asks for; null members take the token store's defaults.</summary>
public sealed record TokenCreateRequest
{
    /// <summary>A subset of the caller's policies (unless the caller is root); <c>default</c> is added unless <see cref="NoDefaultPolicy"/>.</summary>
    public IReadOnlyList<string>? Policies { get; init; }

    public bool NoDefaultPolicy { get; init; }

    /// <summary>Created through <c>create-orphan</c>: the token outlives the caller's token.</summary>
    public bool Orphan { get; init; }

    /// <summary>Created through <c>create/&lt;role&gt;</c>: the role's settings apply.</summary>
    public string? RoleName { get; init; }

    public TimeSpan? Ttl { get; init; }

    public TimeSpan? ExplicitMaxTtl { get; init; }

    /// <summary>A periodic token: each renewal grants this much, with no maximum (root or sudo only).</summary>
    public TimeSpan? Period { get; init; }

    public bool? Renewable { get; init; }

    /// <summary>Uses before the token is revoked; 0 or null for unlimited.</summary>
    public int? NumUses { get; init; }

    public string? DisplayName { get; init; }

    /// <summary><c>service</c> (default) or <c>batch</c>.</summary>
    public string? Type { get; init; }

    /// <summary>Sent as <c>meta</c>; returned in the auth block's and lookup's metadata and written to the audit log.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    internal string Path(string mount) =>
        RoleName is { Length: > 0 } role ? $"{mount}/create/{role}" : Orphan ? $"{mount}/create-orphan" : $"{mount}/create";

    internal JsonObject ToBody()
    {
        var body = new JsonObject();
        if (Policies is { } policies)
        {
            body["policies"] = new JsonArray([.. policies.Select(p => (JsonNode)p)]);
        }

        if (NoDefaultPolicy)
        {
            body["no_default_policy"] = true;
        }

        Add(body, "ttl", Ttl);
        Add(body, "explicit_max_ttl", ExplicitMaxTtl);
        Add(body, "period", Period);
        if (Renewable is { } renewable)
        {
            body["renewable"] = renewable;
        }

        if (NumUses is { } uses)
        {
            body["num_uses"] = uses;
        }

        if (DisplayName is not null)
        {
            body["display_name"] = DisplayName;
        }

        if (Type is not null)
        {
            body["type"] = Type;
        }

        if (Metadata is { } metadata)
        {
            body["meta"] = new JsonObject(metadata.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value)));
        }

        return body;
    }

    private static void Add(JsonObject body, string name, TimeSpan? value)
    {
        if (value is { } duration)
        {
            body[name] = VaultDuration.Format(duration);
        }
    }
}

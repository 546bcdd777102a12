using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Audit;

/// <summary>The options every device type shares (Vault's format, prefix, log_raw, hmac_accessor, elide_list_responses).</summary>
internal sealed record AuditDeviceSettings(string Prefix, bool LogRaw, bool HmacAccessor, bool ElideListResponses)
{
    /// <summary>Parses and validates the options of an enable; a bad value is a 400 naming the option.</summary>
    public static AuditDeviceSettings Parse(IReadOnlyDictionary<string, string> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var format = options.GetValueOrDefault("format", "json");
        if (format == "jsonx")
        {
            throw VaultException.InvalidRequest("format \"jsonx\" is not supported by this server: use \"json\"");
        }

        if (format is not ("json" or ""))
        {
            throw VaultException.InvalidRequest($"unknown format type \"{format}\": use \"json\"");
        }

        return new AuditDeviceSettings(
            options.GetValueOrDefault("prefix", ""),
            Flag(options, "log_raw", false),
            Flag(options, "hmac_accessor", true),
            Flag(options, "elide_list_responses", false));
    }

    private static bool Flag(IReadOnlyDictionary<string, string> options, string name, bool defaultValue) =>
        options.TryGetValue(name, out var text)
            ? BoolText.Parse(text) ?? throw VaultException.InvalidRequest($"unable to parse '{name}': expected true or false")
            : defaultValue;
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Quotas;

/// <summary>The fields of sys/quotas/rate-limit/:name and sys/quotas/config, with Vault's wire names.</summary>
internal static class QuotaFields
{
    public static readonly Field<string> Name = Fields.String("name", "Name of the quota rule.");

    public static readonly Field<string> Path = Fields.String(
        "path", "Mount (\"secret/\"), mount and path below it (\"secret/data/app\", '*' at the end for a prefix), or \"\" for a global quota.");

    public static readonly Field<string> Role = Fields.String("role", "Login role to apply this quota to; path must then be an auth mount with roles.");

    /// <summary>Vault's TypeFloat: a JSON number or a numeric string. Absent is 0, which Vault refuses as "'rate' is invalid".</summary>
    public static readonly Field<double> Rate = new(
        "rate", "The maximum number of requests in a given interval to be allowed by the quota rule. The 'rate' must be positive.", "float", ParseFloat, 0);

    public static readonly Field<TimeSpan> Interval = Fields.Duration("interval", "The duration to enforce rate limiting for (default '1s').");

    public static readonly Field<TimeSpan> BlockInterval = Fields.Duration(
        "block_interval", "If set, a client that reaches the rate is refused until this duration has passed.");

    public static readonly Field<bool> Inheritable = Fields.Bool("inheritable", "Kept for Vault compatibility; quotas have no namespaces to inherit here.");

    public static readonly Field<IReadOnlyList<string>> ExemptPaths = Fields.StringList(
        "rate_limit_exempt_paths", "Paths exempt from all rate limit quotas ('*' at the end for a prefix). If empty no paths will be exempt.");

    public static readonly Field<bool> ResponseHeaders = Fields.Bool(
        "enable_rate_limit_response_headers", "If set, X-Ratelimit-Limit, -Remaining and -Reset are added to responses.");

    public static readonly Field<bool> AuditLogging = Fields.Bool(
        "enable_rate_limit_audit_logging", "If set, requests refused by a rate limit quota are audit logged.");

    private static double ParseFloat(JsonNode node)
    {
        var text = node is JsonValue value && value.GetValueKind() is JsonValueKind.Number or JsonValueKind.String
            ? value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString()
            : throw new FormatException();
        var number = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        return double.IsFinite(number) ? number : throw new FormatException();
    }
}

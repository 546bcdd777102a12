using System.Globalization;

namespace Serverless.Vault.Core.Engines.Kv;

/// <summary>Timestamps as Vault writes them: RFC 3339 in UTC with up to nanosecond digits, trailing zeros trimmed.</summary>
internal static class KvTime
{
    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    /// <summary>Vault's empty deletion time is "", not null.</summary>
    public static string Format(DateTimeOffset? time) => time is { } value ? Format(value) : "";
}

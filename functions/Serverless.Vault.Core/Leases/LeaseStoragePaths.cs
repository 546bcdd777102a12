using System.Globalization;

namespace Serverless.Vault.Core.Leases;

/// <summary>
/// Where leases live, behind the barrier. Three kinds of rows:
/// <list type="bullet">
/// <item><c>id/&lt;lease id&gt;</c>: the lease; the id's own path makes the folders that prefix lookup and revocation list.</item>
/// <item><c>token/&lt;token hash&gt;/&lt;due&gt;.&lt;suffix&gt;</c>: the index by token, holding the lease id; the due time
/// in the name lets the sweeper pick due rows from one listing.</item>
/// <item><c>due/&lt;yyyyMMdd&gt;/&lt;HHmm&gt;/&lt;token hash&gt;</c>: the index by time, one marker per minute and token
/// rather than per lease, so issuing under one token writes it once a minute; it also carries the sweeper's claim.</item>
/// </list>
/// </summary>
internal static class LeaseStoragePaths
{
    public const string Ids = "sys/expire/id/";

    public const string Tokens = "sys/expire/token/";

    public const string Due = "sys/expire/due/";

    /// <summary>The token folder of leases issued without a token (or to an orphan batch token).</summary>
    public const string NoToken = "_";

    public static string Id(string leaseId) => Ids + leaseId;

    public static string TokenFolder(string tokenKey) => Tokens + Folder(tokenKey) + "/";

    public static string TokenRow(string tokenKey, long due, string suffix) => TokenFolder(tokenKey) + DueName(due, suffix);

    public static string DueName(long due, string suffix) => due.ToString("D12", CultureInfo.InvariantCulture) + "." + suffix;

    /// <summary>The due time and suffix in an index row's name, or false for a name this store did not write.</summary>
    public static bool TryParseDueName(string name, out long due, out string suffix)
    {
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        suffix = dot < 0 ? "" : name[(dot + 1)..];
        return long.TryParse(name.AsSpan(0, Math.Max(dot, 0)), NumberStyles.None, CultureInfo.InvariantCulture, out due) && suffix.Length > 0;
    }

    /// <summary>The marker of the minute that <paramref name="due"/> falls in, for one token folder.</summary>
    public static string Marker(long due, string tokenKey) => MinuteFolder(MinuteOf(due)) + Folder(tokenKey);

    public static DateTimeOffset MinuteOf(long due)
    {
        var time = DateTimeOffset.FromUnixTimeSeconds(due);
        return new DateTimeOffset(time.Year, time.Month, time.Day, time.Hour, time.Minute, 0, TimeSpan.Zero);
    }

    public static string DayFolder(DateTimeOffset minute) => Due + minute.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + "/";

    public static string MinuteFolder(DateTimeOffset minute) => DayFolder(minute) + minute.ToString("HHmm", CultureInfo.InvariantCulture) + "/";

    public static bool TryParseDay(string folder, out DateTimeOffset day) =>
        DateTimeOffset.TryParseExact(folder.TrimEnd('/'), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out day);

    public static bool TryParseMinute(DateTimeOffset day, string folder, out DateTimeOffset minute)
    {
        minute = default;
        if (!TimeSpan.TryParseExact(folder.TrimEnd('/'), "hhmm", CultureInfo.InvariantCulture, out var offset))
        {
            return false;
        }

        minute = day + offset;
        return true;
    }

    public static string Folder(string tokenKey) => tokenKey.Length == 0 ? NoToken : tokenKey;

    public static string TokenKeyOf(string folder) => folder == NoToken ? "" : folder;
}

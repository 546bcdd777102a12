namespace Serverless.Vault.Core.Framework;

/// <summary>One segment of a <see cref="RouteTemplate"/>.</summary>
internal readonly record struct RouteSegment(RouteSegmentKind Kind, string Value)
{
    public static RouteSegment Parse(string text)
    {
        if (text.StartsWith("{*", StringComparison.Ordinal) && text.EndsWith('}'))
        {
            return new(RouteSegmentKind.CatchAll, text[2..^1]);
        }

        if (text.StartsWith('{') && text.EndsWith('}'))
        {
            return new(RouteSegmentKind.Parameter, text[1..^1]);
        }

        return text.Length == 0 || text.Contains('{', StringComparison.Ordinal)
            ? throw new ArgumentException($"'{text}' is not a valid route segment.", nameof(text))
            : new(RouteSegmentKind.Literal, text);
    }
}

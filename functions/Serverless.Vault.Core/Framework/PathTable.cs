namespace Serverless.Vault.Core.Framework;

/// <summary>
/// A backend's paths ordered by specificity, so declaration order never matters; two templates of the same shape
/// fail at construction (startup) instead of one silently shadowing the other.
/// </summary>
public sealed class PathTable
{
    private readonly PathSpec[] _ordered;

    /// <summary>
    /// Per first literal segment, the templates a path starting with it can match (those starting with that literal or
    /// with a parameter), in the same order: a request tries a handful of templates instead of all of a backend's.
    /// </summary>
    private readonly Dictionary<string, PathSpec[]> _byFirstSegment;

    /// <summary>The templates a path whose first segment no template names can match: those starting with a parameter.</summary>
    private readonly PathSpec[] _startingWithParameter;

    public PathTable(IEnumerable<PathSpec> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var all = paths.ToArray();
        var ambiguous = all.GroupBy(p => p.Template.Shape, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (ambiguous is not null)
        {
            throw new InvalidOperationException(
                $"Ambiguous route templates: {string.Join(", ", ambiguous.Select(p => $"'{p.Template.Text}'"))} have the same shape.");
        }

        _ordered = [.. all.OrderBy(p => p.Template)];
        _startingWithParameter = [.. _ordered.Where(p => p.Template.FirstLiteral is null)];
        _byFirstSegment = _ordered.Select(p => p.Template.FirstLiteral).OfType<string>().Distinct(StringComparer.Ordinal).ToDictionary(
            literal => literal,
            literal => _ordered.Where(p => p.Template.FirstLiteral is null || p.Template.FirstLiteral == literal).ToArray(),
            StringComparer.Ordinal);
    }

    public IReadOnlyList<PathSpec> Paths => _ordered;

    /// <summary>The most specific path matching the mount-relative path (a trailing '/' is ignored), or null.</summary>
    public PathMatch? Match(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var trimmed = path.EndsWith('/') ? path[..^1] : path;

        // Split once for all templates, as ranges on the stack: a request's route costs no array or segment strings.
        Span<Range> parts = stackalloc Range[RouteTemplate.MaxStackSegments];
        var count = RouteTemplate.Segments(trimmed, ref parts);
        parts = parts[..count];
        var candidates = count == 0 ? _ordered
            : _byFirstSegment.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(trimmed.AsSpan(parts[0]), out var named) ? named
            : _startingWithParameter;
        foreach (var spec in candidates)
        {
            if (spec.Template.Match(trimmed, parts) is { } values)
            {
                return new PathMatch(spec, values);
            }
        }

        return null;
    }
}

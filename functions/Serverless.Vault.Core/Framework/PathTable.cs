namespace Serverless.Vault.Core.Framework;

/// <summary>
/// A backend's paths ordered by specificity, so declaration order never matters; two templates of the same shape
/// fail at construction (startup) instead of one silently shadowing the other.
/// </summary>
public sealed class PathTable
{
    private readonly PathSpec[] _ordered;

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
        foreach (var spec in _ordered)
        {
            if (spec.Template.Match(trimmed, parts) is { } values)
            {
                return new PathMatch(spec, values);
            }
        }

        return null;
    }
}

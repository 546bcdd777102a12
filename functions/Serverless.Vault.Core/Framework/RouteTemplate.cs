namespace Serverless.Vault.Core.Framework;

/// <summary>
/// A path template such as <c>keys/{name}/rotate</c> or <c>data/{*path}</c>: literals, one-segment parameters,
/// and at most one catch-all (zero or more segments) that literals may follow (<c>mounts/{*path}/tune</c>).
/// </summary>
public sealed class RouteTemplate : IComparable<RouteTemplate>
{
    private readonly RouteSegment[] _segments;
    private readonly int _catchAll;

    /// <summary>How many values a match captures at most: the size of its <see cref="RouteValues"/>.</summary>
    private readonly int _valueCount;

    public RouteTemplate(string template)
    {
        ArgumentNullException.ThrowIfNull(template);
        Text = template;
        _segments = template.Length == 0 ? [] : template.Split('/').Select(RouteSegment.Parse).ToArray();
        _catchAll = Array.FindIndex(_segments, s => s.Kind == RouteSegmentKind.CatchAll);
        _valueCount = _segments.Count(s => s.Kind != RouteSegmentKind.Literal);
        if (_segments.Count(s => s.Kind == RouteSegmentKind.CatchAll) > 1)
        {
            throw new ArgumentException($"Route template '{template}' has more than one catch-all.", nameof(template));
        }

        if (_catchAll >= 0 && _segments.Skip(_catchAll + 1).Any(s => s.Kind != RouteSegmentKind.Literal))
        {
            throw new ArgumentException($"Route template '{template}' may only have literals after its catch-all.", nameof(template));
        }
    }

    public string Text { get; }

    /// <summary>The first segment when it is a literal; null when the template starts with a parameter or is empty.</summary>
    internal string? FirstLiteral => _segments.Length > 0 && _segments[0].Kind == RouteSegmentKind.Literal ? _segments[0].Value : null;

    /// <summary>The template with parameter names erased: two templates of one shape are ambiguous.</summary>
    public string Shape => string.Join('/', _segments.Select(s => s.Kind switch
    {
        RouteSegmentKind.Literal => s.Value,
        RouteSegmentKind.Parameter => "{}",
        _ => "{*}",
    }));

    /// <summary>Matches a mount-relative path (without trailing '/'); returns the captured values or null.</summary>
    public IReadOnlyDictionary<string, string>? Match(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        Span<Range> parts = stackalloc Range[MaxStackSegments];
        var count = Segments(path, ref parts);
        return Match(path, parts[..count]);
    }

    /// <summary>The most segments a path is split into on the stack; deeper paths use an array.</summary>
    internal const int MaxStackSegments = 32;

    /// <summary>
    /// Splits <paramref name="path"/> at '/' into <paramref name="parts"/> (replaced by an array when it is too short)
    /// and returns how many there are: none for the empty path, empty ones where slashes are doubled.
    /// </summary>
    internal static int Segments(string path, ref Span<Range> parts)
    {
        if (path.Length == 0)
        {
            return 0;
        }

        var count = path.AsSpan().Count('/') + 1;
        if (count > parts.Length)
        {
            parts = new Range[count];
        }

        return path.AsSpan().Split(parts, '/');
    }

    /// <summary>
    /// Matches a path already split at '/', as <see cref="PathTable"/> splits it once for all its templates. Segments
    /// are compared in place and values are cut out of the path only once the whole path matched, so a miss allocates
    /// nothing and a match allocates only what it captures.
    /// </summary>
    internal IReadOnlyDictionary<string, string>? Match(string path, ReadOnlySpan<Range> parts)
    {
        if (_catchAll < 0)
        {
            return parts.Length == _segments.Length && MatchRange(path, parts, 0, 0, _segments.Length, values: null)
                ? Capture(path, parts, 0, 0, _segments.Length, new RouteValues(_valueCount))
                : null;
        }

        // A trailing catch-all may match nothing ("metadata/" lists the root); one followed by literals must capture
        // a segment, or "mounts/{*path}/tune" would take the mount named "tune".
        var suffix = _segments.Length - _catchAll - 1;
        if (parts.Length < _catchAll + suffix + (suffix > 0 ? 1 : 0)
            || !MatchRange(path, parts, 0, 0, _catchAll, values: null)
            || !MatchRange(path, parts, parts.Length - suffix, _catchAll + 1, suffix, values: null))
        {
            return null;
        }

        var values = new RouteValues(_valueCount);
        Capture(path, parts, 0, 0, _catchAll, values);
        Capture(path, parts, parts.Length - suffix, _catchAll + 1, suffix, values);

        // The segments joined with '/' are exactly the stretch of the path from the first to the last.
        var caught = parts[_catchAll..(parts.Length - suffix)];
        values.Set(_segments[_catchAll].Value, caught.IsEmpty ? "" : path[caught[0].Start..caught[^1].End]);
        return values;
    }

    /// <summary>
    /// More specific first, segment by segment: a literal before a parameter, and a template that ends before one
    /// that continues with a catch-all (so <c>mounts</c> wins over <c>mounts/{*path}</c> for "mounts").
    /// </summary>
    public int CompareTo(RouteTemplate? other)
    {
        if (other is null)
        {
            return -1;
        }

        for (var i = 0; i < Math.Max(_segments.Length, other._segments.Length); i++)
        {
            var byRank = Rank(i).CompareTo(other.Rank(i));
            if (byRank != 0)
            {
                return byRank;
            }
        }

        return 0;
    }

    public override string ToString() => Text;

    /// <summary>Literal 0, parameter 1, end of template 2, catch-all 3.</summary>
    private int Rank(int index) => index >= _segments.Length ? 2 : _segments[index].Kind switch
    {
        RouteSegmentKind.Literal => 0,
        RouteSegmentKind.Parameter => 1,
        _ => 3,
    };

    private RouteValues Capture(string path, ReadOnlySpan<Range> parts, int partStart, int segmentStart, int count, RouteValues values)
    {
        MatchRange(path, parts, partStart, segmentStart, count, values);
        return values;
    }

    private bool MatchRange(string path, ReadOnlySpan<Range> parts, int partStart, int segmentStart, int count, RouteValues? values)
    {
        for (var i = 0; i < count; i++)
        {
            var segment = _segments[segmentStart + i];
            var part = parts[partStart + i];
            var text = path.AsSpan(part);
            if (segment.Kind == RouteSegmentKind.Literal ? !text.SequenceEqual(segment.Value) : text.IsEmpty)
            {
                return false;
            }

            if (segment.Kind == RouteSegmentKind.Parameter && values is not null)
            {
                values.Set(segment.Value, path[part]);
            }
        }

        return true;
    }
}

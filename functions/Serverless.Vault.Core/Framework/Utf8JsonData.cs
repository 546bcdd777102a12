using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Serverless.Vault.Core.Framework;

/// <summary>
/// A response's data as its handler wrote it: one JSON object in UTF-8, possibly in several segments. The HTTP adapter
/// copies the bytes to the wire as they are while nothing has read the data as nodes; <see cref="VaultResponse.Data"/>
/// parses them on first read (audit, response wrapping, in-process callers), and from then on the nodes count, since a
/// reader may change them. A large batch answer thus goes out without a node per item being built and written again.
/// </summary>
public sealed class Utf8JsonData
{
    private readonly ReadOnlySequence<byte> _json;
    private readonly Lock _parsing = new();
    private volatile JsonObject? _node;

    /// <param name="segments">The object's bytes in order, each segment as written by a <see cref="Utf8JsonWriter"/>.</param>
    public Utf8JsonData(IReadOnlyList<ReadOnlyMemory<byte>> segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        _json = Sequence(segments);
    }

    /// <summary>The data as nodes, parsed once; the bytes are not used for output after this.</summary>
    public JsonObject Node
    {
        get
        {
            if (_node is { } parsed)
            {
                return parsed;
            }

            lock (_parsing)
            {
                if (_node is null)
                {
                    var reader = new Utf8JsonReader(_json);
                    _node = JsonNode.Parse(ref reader) as JsonObject ?? throw new InvalidOperationException("The data is not a JSON object.");
                }

                return _node;
            }
        }
    }

    /// <summary>The bytes, while no one has read <see cref="Node"/>.</summary>
    public bool TryGetUnread(out ReadOnlySequence<byte> json)
    {
        json = _node is null ? _json : default;
        return _node is null;
    }

    private static ReadOnlySequence<byte> Sequence(IReadOnlyList<ReadOnlyMemory<byte>> segments)
    {
        if (segments.Count == 1)
        {
            return new ReadOnlySequence<byte>(segments[0]);
        }

        Segment? first = null;
        Segment? last = null;
        foreach (var memory in segments)
        {
            if (memory.IsEmpty)
            {
                continue;
            }

            var next = new Segment(memory, last is null ? 0 : last.RunningIndex + last.Memory.Length);
            first ??= next;
            if (last is not null)
            {
                last.Next = next;
            }

            last = next;
        }

        return first is null || last is null ? ReadOnlySequence<byte>.Empty : new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public new Segment? Next
        {
            get => (Segment?)base.Next;
            set => base.Next = value;
        }
    }
}

using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Engines.Transit;

/// <summary>
/// A batch's results written as UTF-8 JSON while they are made, and answered as that JSON (<see cref="Utf8JsonData"/>):
/// the HTTP adapter copies the bytes out as they are, and in-process callers that read the data get it parsed. This
/// replaces an object tree per item whose ciphertext strings were UTF-16 (twice the bytes) and which was serialized
/// again on output. Results are written in chunks that stay below the large object heap's 85,000 bytes, so that a batch
/// answer does not add work for the full (generation 2) collections that large arrays bring on.
/// </summary>
internal sealed class Utf8BatchResults
{
    /// <summary>A chunk is closed once it passes this; one more item can follow, so most chunks stay under 85,000 bytes.</summary>
    private const int ChunkBytes = 48 * 1024;

    /// <summary>Escapes only what JSON requires (not the '+' of base64, which the default encoder escapes); transit's UTF-8 writers share it.</summary>
    internal static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = false };

    private static readonly ReadOnlyMemory<byte> Opening = "{\"batch_results\":["u8.ToArray();
    private static readonly ReadOnlyMemory<byte> Separator = ","u8.ToArray();
    private static readonly ReadOnlyMemory<byte> Closing = "]}"u8.ToArray();

    private readonly List<ReadOnlyMemory<byte>> _segments = [Opening];
    private long _remainingBytes;
    private ChunkWriter? _buffer;
    private Utf8JsonWriter? _writer;

    /// <param name="expectedBytes">About how many bytes the results take, to size the first chunk.</param>
    public Utf8BatchResults(long expectedBytes)
    {
        _remainingBytes = expectedBytes;
    }

    /// <summary>Results written so far.</summary>
    public int Count { get; private set; }

    /// <summary>Results that are <c>{"error": ...}</c>.</summary>
    public int Failures { get; private set; }

    /// <summary>Opens the next result's object; the caller writes its properties, then calls <see cref="EndItem"/>.</summary>
    public Utf8JsonWriter BeginItem()
    {
        var writer = _writer ?? StartChunk();
        writer.WriteStartObject();
        return writer;
    }

    /// <summary>Adds the reference (every batch result carries one, "" when none was given) and closes the object.</summary>
    public void EndItem(string reference)
    {
        var writer = _writer ?? throw new InvalidOperationException("No result is open.");
        writer.WriteString("reference"u8, reference);
        writer.WriteEndObject();
        Count++;
        if (writer.BytesPending + writer.BytesCommitted >= ChunkBytes)
        {
            CloseChunk();
        }
    }

    /// <summary>A refused item: <c>{"error": message, "reference": ...}</c>.</summary>
    public void Failure(string error, string reference)
    {
        BeginItem().WriteString("error"u8, error);
        Failures++;
        EndItem(reference);
    }

    /// <summary>The answer's data: <c>{"batch_results": [...]}</c> with the results in order.</summary>
    public Utf8JsonData ToData()
    {
        CloseChunk();
        _segments.Add(Closing);
        return new Utf8JsonData(_segments);
    }

    private Utf8JsonWriter StartChunk()
    {
        // The estimate runs short by a few bytes per item (the exact base64 and field lengths): with an eighth and 4 KB
        // on top, the last chunk still fits; a chunk that outgrew its array would double it onto the large object heap.
        var capacity = (int)Math.Clamp(_remainingBytes + (_remainingBytes / 8) + 4096, 256, ChunkBytes + (16 * 1024));
        _buffer = new ChunkWriter(capacity);
        _writer = new Utf8JsonWriter(_buffer, WriterOptions);
        _writer.WriteStartArray();
        return _writer;
    }

    /// <summary>
    /// Ends the chunk's array and keeps the items between its brackets as the answer's next segment (after a comma when
    /// one came before); the array belongs to the answer from now on, and nothing writes to it again.
    /// </summary>
    private void CloseChunk()
    {
        if (_writer is null || _buffer is null)
        {
            return;
        }

        _writer.WriteEndArray();
        _writer.Flush();
        _writer.Dispose();
        _remainingBytes -= _buffer.WrittenCount;
        if (_segments.Count > 1)
        {
            _segments.Add(Separator);
        }

        _segments.Add(_buffer.WrittenMemory[1..^1]);
        _writer = null;
        _buffer = null;
    }

    /// <summary>
    /// A chunk's bytes in an array the collector does not zero first (about 140 KB per batch of 100 x 1 KiB was cleared
    /// only to be written over): only the written part is ever read, and the array holds public ciphertexts only.
    /// </summary>
    private sealed class ChunkWriter(int capacity) : IBufferWriter<byte>
    {
        private byte[] _array = GC.AllocateUninitializedArray<byte>(capacity);

        public int WrittenCount { get; private set; }

        public ReadOnlyMemory<byte> WrittenMemory => _array.AsMemory(0, WrittenCount);

        public void Advance(int count)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(count);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _array.Length - WrittenCount);
            WrittenCount += count;
        }

        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            Ensure(sizeHint);
            return _array.AsMemory(WrittenCount);
        }

        public Span<byte> GetSpan(int sizeHint = 0)
        {
            Ensure(sizeHint);
            return _array.AsSpan(WrittenCount);
        }

        private void Ensure(int sizeHint)
        {
            var needed = WrittenCount + Math.Max(sizeHint, 1);
            if (needed > _array.Length)
            {
                var grown = GC.AllocateUninitializedArray<byte>(Math.Max(needed, _array.Length * 2));
                _array.AsSpan(0, WrittenCount).CopyTo(grown);
                _array = grown;
            }
        }
    }
}

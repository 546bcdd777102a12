using System.Buffers;

namespace Serverless.Vault.Http;

/// <summary>
/// A growable byte buffer on <see cref="ArrayPool{T}"/>: response bodies are built in full (to send Content-Length),
/// and a batch answer of 100 ciphertexts would otherwise be a new array on the large object heap per request.
/// </summary>
internal sealed class PooledBufferWriter : IBufferWriter<byte>, IDisposable
{
    private const int InitialSize = 4096;

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialSize);

    public int WrittenCount { get; private set; }

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, WrittenCount);

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (WrittenCount + count > _buffer.Length)
        {
            throw new InvalidOperationException("Advanced past the end of the buffer.");
        }

        WrittenCount += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(WrittenCount);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(WrittenCount);
    }

    public void Dispose()
    {
        if (_buffer.Length == 0)
        {
            return;
        }

        // Responses can hold secrets (decrypted plaintexts, tokens): clear what was written before the array is reused.
        ArrayPool<byte>.Shared.Return(ClearWritten(), clearArray: false);
        _buffer = [];
        WrittenCount = 0;
    }

    private byte[] ClearWritten()
    {
        _buffer.AsSpan(0, WrittenCount).Clear();
        return _buffer;
    }

    private void Ensure(int sizeHint)
    {
        var needed = WrittenCount + Math.Max(sizeHint, 1);
        if (needed <= _buffer.Length)
        {
            return;
        }

        var grown = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _buffer.Length * 2));
        _buffer.AsSpan(0, WrittenCount).CopyTo(grown);
        _buffer.AsSpan(0, WrittenCount).Clear();
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = grown;
    }
}

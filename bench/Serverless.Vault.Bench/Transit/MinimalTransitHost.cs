using System.Buffers;
using System.Buffers.Text;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Serverless.Vault.Bench.Transit;

/// <summary>
/// A bare Kestrel host on loopback, in this process, that does what Vault's wire format makes any encrypt endpoint do
/// and nothing else: read the body, parse its JSON, decode each plaintext's base64, seal it with AES-256-GCM (a nonce
/// cut from a buffer of system randomness), write <c>vault:v1:</c> + base64 and the same answer envelope and fields as
/// the vault, and wipe the plaintexts and the body. No token, policy, key lookup, audit, quota or request object. It is
/// the bound on row 3k (1 KiB items): no implementation of the same exchange on this stack batches better than it.
/// </summary>
internal sealed class MinimalTransitHost : IAsyncDisposable
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int NonceBufferBytes = 4096;
    private static readonly byte[] Prefix = "vault:v1:"u8.ToArray();
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Each thread's cipher and nonce buffer: a request is parsed, sealed and written without awaiting.</summary>
    [ThreadStatic]
    private static ThreadCipher? t_cipher;

    private readonly WebApplication _app;
    private readonly HttpClient _client;

    private MinimalTransitHost(WebApplication app, HttpClient client)
    {
        _app = app;
        _client = client;
    }

    /// <summary>The key every thread's cipher seals with (AES-256), for the self-check to open what the host sealed.</summary>
    public static byte[] Key { get; } = RandomNumberGenerator.GetBytes(32);

    public static async Task<MinimalTransitHost> StartAsync(CancellationToken cancellationToken)
    {
        var app = LoopbackExchange.CreateBareHost().Build();
        app.MapPost("/encrypt", EncryptAsync);
        var address = await LoopbackExchange.StartAsync(app, cancellationToken).ConfigureAwait(false);
        return new MinimalTransitHost(app, LoopbackExchange.Client(address));
    }

    /// <summary>The same exchange as <see cref="HttpVault.CallAsync"/>: body sent, answer drained into a pooled buffer.</summary>
    public ValueTask CallAsync(byte[] body, CancellationToken cancellationToken) =>
        LoopbackExchange.PostAsync(_client, "/encrypt", body, cancellationToken);

    /// <summary>The answer as bytes, for the self-check.</summary>
    public async Task<byte[]> AnswerAsync(byte[] body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/encrypt") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await _client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static async Task EncryptAsync(HttpContext context)
    {
        var length = (int)(context.Request.ContentLength ?? throw new InvalidOperationException("the bench always sends a length"));
        var body = ArrayPool<byte>.Shared.Rent(length);
        var answer = ArrayPool<byte>.Shared.Rent((length * 9 / 8) + 4096);
        try
        {
            var filled = 0;
            int read;
            while (filled < length && (read = await context.Request.Body.ReadAsync(body.AsMemory(filled, length - filled), context.RequestAborted).ConfigureAwait(false)) > 0)
            {
                filled += read;
            }

            var written = Answer(body.AsSpan(0, filled), answer);
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = written;
            await context.Response.Body.WriteAsync(answer.AsMemory(0, written), context.RequestAborted).ConfigureAwait(false);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(body.AsSpan(0, length));
            ArrayPool<byte>.Shared.Return(body);
            ArrayPool<byte>.Shared.Return(answer);
        }
    }

    /// <summary>Writes the answer to {"plaintext": ...} or {"batch_input": [...]} into <paramref name="answer"/>; returns its length.</summary>
    private static int Answer(ReadOnlySpan<byte> body, byte[] answer)
    {
        var cipher = t_cipher ??= new ThreadCipher();
        var output = new FixedWriter(answer);
        using var writer = new Utf8JsonWriter(output, WriterOptions);
        writer.WriteStartObject();
        writer.WriteString("request_id"u8, Guid.NewGuid());
        writer.WriteString("lease_id"u8, ""u8);
        writer.WriteBoolean("renewable"u8, false);
        writer.WriteNumber("lease_duration"u8, 0);
        writer.WriteStartObject("data"u8);
        var reader = new Utf8JsonReader(body);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("batch_input"u8))
            {
                reader.Read();
                writer.WriteStartArray("batch_results"u8);
                while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                {
                    writer.WriteStartObject();
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        var isPlaintext = reader.ValueTextEquals("plaintext"u8);
                        reader.Read();
                        if (isPlaintext)
                        {
                            cipher.Seal(ref reader, writer);
                        }
                        else
                        {
                            reader.Skip();
                        }
                    }

                    writer.WriteString("reference"u8, ""u8);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }
            else if (reader.ValueTextEquals("plaintext"u8))
            {
                reader.Read();
                cipher.Seal(ref reader, writer);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        writer.WriteEndObject();
        writer.WriteNull("wrap_info"u8);
        writer.WriteNull("warnings"u8);
        writer.WriteNull("auth"u8);
        writer.WriteNull("mount_type"u8);
        writer.WriteEndObject();
        writer.Flush();
        return output.Written;
    }

    /// <summary>One thread's AES-256-GCM and its buffered nonces, plaintext and ciphertext scratch.</summary>
    private sealed class ThreadCipher
    {
        private readonly AesGcm _gcm = new(Key, TagSize);
        private readonly byte[] _nonces = new byte[NonceBufferBytes];
        private int _nonceOffset = NonceBufferBytes;
        private byte[] _plaintext = new byte[2048];
        private byte[] _sealed = new byte[2048];
        private byte[] _text = new byte[4096];

        /// <summary>Seals the string value under the reader and writes "ciphertext" and "key_version".</summary>
        public void Seal(ref Utf8JsonReader reader, Utf8JsonWriter writer)
        {
            var encoded = reader.ValueSpan;
            var size = Base64.GetMaxDecodedFromUtf8Length(encoded.Length);
            Fit(ref _plaintext, size);
            if (Base64.DecodeFromUtf8(encoded, _plaintext, out _, out var plainLength) != OperationStatus.Done)
            {
                throw new InvalidOperationException("the bench sends valid base64");
            }

            if (_nonceOffset + NonceSize > _nonces.Length)
            {
                RandomNumberGenerator.Fill(_nonces);
                _nonceOffset = 0;
            }

            var sealedLength = NonceSize + plainLength + TagSize;
            Fit(ref _sealed, sealedLength);
            var nonce = _nonces.AsSpan(_nonceOffset, NonceSize);
            nonce.CopyTo(_sealed);
            _nonceOffset += NonceSize;
            _gcm.Encrypt(nonce, _plaintext.AsSpan(0, plainLength), _sealed.AsSpan(NonceSize, plainLength), _sealed.AsSpan(NonceSize + plainLength, TagSize));
            CryptographicOperations.ZeroMemory(_plaintext.AsSpan(0, plainLength));

            var textLength = Prefix.Length + Base64.GetMaxEncodedToUtf8Length(sealedLength);
            Fit(ref _text, textLength);
            Prefix.CopyTo(_text, 0);
            Base64.EncodeToUtf8(_sealed.AsSpan(0, sealedLength), _text.AsSpan(Prefix.Length), out _, out var encodedLength);
            writer.WriteString("ciphertext"u8, _text.AsSpan(0, Prefix.Length + encodedLength));
            writer.WriteNumber("key_version"u8, 1);
        }

        private static void Fit(ref byte[] buffer, int size)
        {
            if (buffer.Length < size)
            {
                buffer = new byte[size * 2];
            }
        }
    }

    /// <summary>Writes into one array sized for the answer up front; the bench's answers always fit.</summary>
    private sealed class FixedWriter(byte[] array) : IBufferWriter<byte>
    {
        public int Written { get; private set; }

        public void Advance(int count) => Written += count;

        public Memory<byte> GetMemory(int sizeHint = 0) => Fits(sizeHint) ? array.AsMemory(Written) : throw Full();

        public Span<byte> GetSpan(int sizeHint = 0) => Fits(sizeHint) ? array.AsSpan(Written) : throw Full();

        private bool Fits(int sizeHint) => array.Length - Written >= Math.Max(sizeHint, 1);

        private static InvalidOperationException Full() => new("the answer outgrew the array sized for it");
    }
}

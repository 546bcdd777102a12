using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;

namespace Serverless.Vault.Core.Barrier;

/// <summary>
/// The barrier's data keys by term; the newest term encrypts, every term decrypts. Immutable: a rotation or reload
/// makes a new keyring that shares the key arrays of terms it already had, so swapping keyrings never zeroes a key
/// that an in-flight request still uses. Keys are zeroed only by <see cref="ZeroKeys"/> (on seal) or, for duplicates
/// read back from storage, by <see cref="MergeNewer"/>.
/// </summary>
internal sealed class Keyring
{
    private readonly SortedDictionary<int, KeyringTerm> _terms;

    private Keyring(SortedDictionary<int, KeyringTerm> terms)
    {
        if (terms.Count == 0)
        {
            throw new InvalidOperationException("A keyring needs at least one term.");
        }

        _terms = terms;
        Active = terms[terms.Keys.Max()];
    }

    /// <summary>The newest term: all new writes use it.</summary>
    public KeyringTerm Active { get; }

    public IReadOnlyCollection<KeyringTerm> Terms => _terms.Values;

    public static Keyring CreateFirst(DateTimeOffset now) =>
        new(new SortedDictionary<int, KeyringTerm> { [1] = new(1, RandomNumberGenerator.GetBytes(BarrierValueFormat.KeySize), now) });

    public bool TryGet(int term, out KeyringTerm keyringTerm) => _terms.TryGetValue(term, out keyringTerm!);

    public Keyring AddTerm(DateTimeOffset now)
    {
        var terms = new SortedDictionary<int, KeyringTerm>(_terms);
        var next = Active.Term + 1;
        terms[next] = new KeyringTerm(next, RandomNumberGenerator.GetBytes(BarrierValueFormat.KeySize), now);
        return new Keyring(terms);
    }

    /// <summary>
    /// Combines this keyring with one just read from storage: terms known here keep their arrays (the loaded copies are
    /// zeroed), new terms are taken from the loaded keyring.
    /// </summary>
    public Keyring MergeNewer(Keyring loaded)
    {
        var terms = new SortedDictionary<int, KeyringTerm>(_terms);
        foreach (var term in loaded._terms.Values)
        {
            if (terms.ContainsKey(term.Term))
            {
                CryptographicOperations.ZeroMemory(term.Key);
            }
            else
            {
                terms[term.Term] = term;
            }
        }

        return new Keyring(terms);
    }

    public void ZeroKeys()
    {
        foreach (var term in _terms.Values)
        {
            CryptographicOperations.ZeroMemory(term.Key);
        }
    }

    /// <summary>
    /// Serialises to UTF-8 JSON without any intermediate string holding key material; the caller zeroes the result.
    /// </summary>
    public byte[] Serialize()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("terms");
            foreach (var term in _terms.Values)
            {
                writer.WriteStartObject();
                writer.WriteNumber("term", term.Term);
                writer.WriteBase64String("key", term.Key);
                writer.WriteString("install_time", term.InstallTime);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        var bytes = buffer.WrittenSpan.ToArray();
        buffer.Clear(); // ArrayBufferWriter.Clear zeroes what was written.
        return bytes;
    }

    public static Keyring Parse(ReadOnlySpan<byte> json)
    {
        var terms = new SortedDictionary<int, KeyringTerm>();
        var reader = new Utf8JsonReader(json);
        int? term = null;
        byte[]? key = null;
        DateTimeOffset? installTime = null;
        string? property = null;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    property = reader.GetString();
                    break;
                case JsonTokenType.Number when property == "term":
                    term = reader.GetInt32();
                    break;
                case JsonTokenType.String when property == "key":
                    key = reader.GetBytesFromBase64();
                    break;
                case JsonTokenType.String when property == "install_time":
                    installTime = reader.GetDateTimeOffset();
                    break;
                case JsonTokenType.EndObject when reader.CurrentDepth == 2:
                    if (term is not > 0 || key is not { Length: BarrierValueFormat.KeySize } || installTime is null)
                    {
                        throw new InvalidDataException("The keyring holds an incomplete or malformed term.");
                    }

                    terms.Add(term.Value, new KeyringTerm(term.Value, key, installTime.Value));
                    (term, key, installTime) = (null, null, null);
                    break;
            }
        }

        return new Keyring(terms);
    }
}

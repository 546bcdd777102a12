using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Serverless.Vault.Core.Framework;

/// <summary>
/// The values a route template captured, made on every routed request: a template has a handful of parameters at
/// most, so two small arrays searched in order cost less than a hashed dictionary. Names compare ordinally, a name set
/// twice keeps the last value, and enumeration follows the order the values were set in, as a dictionary's would.
/// </summary>
internal sealed class RouteValues(int capacity) : IReadOnlyDictionary<string, string>
{
    private readonly string[] _names = new string[capacity];
    private readonly string[] _values = new string[capacity];

    public int Count { get; private set; }

    public IEnumerable<string> Keys => _names.Take(Count);

    public IEnumerable<string> Values => _values.Take(Count);

    public string this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"No route value '{key}'.");

    /// <summary>Sets a captured value; the template sized the arrays for all of its parameters.</summary>
    public void Set(string name, string value)
    {
        var index = IndexOf(name);
        if (index < 0)
        {
            index = Count++;
            _names[index] = name;
        }

        _values[index] = value;
    }

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        var index = IndexOf(key);
        value = index < 0 ? null : _values[index];
        return index >= 0;
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return new(_names[i], _values[i]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private int IndexOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        for (var i = 0; i < Count; i++)
        {
            if (string.Equals(_names[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}

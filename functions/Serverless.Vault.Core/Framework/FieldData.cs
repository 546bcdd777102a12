using System.Text.Json.Nodes;

namespace Serverless.Vault.Core.Framework;

/// <summary>A request's input, read through declared fields: route values first, then the body or query.</summary>
public sealed class FieldData
{
    private readonly IReadOnlyDictionary<string, string> _routeValues;
    private readonly IReadOnlyList<Field> _declared;

    public FieldData(JsonObject raw, IReadOnlyDictionary<string, string> routeValues, IReadOnlyList<Field> declared)
    {
        Raw = raw;
        _routeValues = routeValues;
        _declared = declared;
    }

    /// <summary>The body as sent, for engines that store arbitrary maps (KV).</summary>
    public JsonObject Raw { get; }

    /// <summary>Returns the field's value; absent or JSON null gives its default, a missing required field is a 400.</summary>
    public T Get<T>(Field<T> field)
    {
        ArgumentNullException.ThrowIfNull(field);
        if (_routeValues.TryGetValue(field.Name, out var routeValue))
        {
            return field.TakesTextAsIs && routeValue is T text ? text : field.Parse(JsonValue.Create(routeValue));
        }

        if (Raw.TryGetPropertyValue(field.Name, out var node) && node is not null)
        {
            return field.Parse(node);
        }

        return field.Required ? throw VaultException.InvalidRequest($"missing required field \"{field.Name}\"") : field.Default;
    }

    /// <summary>True when the client supplied a non-null value for the field.</summary>
    public bool Has(Field field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return _routeValues.ContainsKey(field.Name) || (Raw.TryGetPropertyValue(field.Name, out var node) && node is not null);
    }

    /// <summary>Body keys that no field declares: Vault ignores them with a warning, since clients send extras.</summary>
    public IReadOnlyList<string> UnknownFields()
    {
        // Runs on every request, almost always to find nothing: a plain loop that allocates only when it finds some.
        List<string>? unknown = null;
        foreach (var (key, _) in Raw)
        {
            if (!_routeValues.ContainsKey(key) && !IsDeclared(key))
            {
                (unknown ??= []).Add(key);
            }
        }

        if (unknown is null)
        {
            return [];
        }

        unknown.Sort(StringComparer.Ordinal);
        return unknown;
    }

    private bool IsDeclared(string key)
    {
        // Indexed: a foreach over the interface boxes an enumerator, once per body key of every request.
        for (var i = 0; i < _declared.Count; i++)
        {
            if (_declared[i].Name == key)
            {
                return true;
            }
        }

        return false;
    }
}

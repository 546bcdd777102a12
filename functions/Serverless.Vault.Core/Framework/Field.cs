using System.Text.Json.Nodes;

namespace Serverless.Vault.Core.Framework;

/// <summary>A declared request field: its wire name (Vault's snake_case), help text and whether it must be given.</summary>
public abstract class Field
{
    protected Field(string name, string description)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        Description = description;
    }

    public string Name { get; }

    public string Description { get; }

    public bool Required { get; init; }

    /// <summary>The type name shown in help and OpenAPI ("string", "int", "duration", ...).</summary>
    public abstract string TypeName { get; }
}

/// <summary>A typed field: <c>input.Get(Name)</c> returns a <typeparamref name="T"/>, never an object to cast.</summary>
public sealed class Field<T> : Field
{
    private readonly Func<JsonNode, T> _parse;

    internal Field(string name, string description, string typeName, Func<JsonNode, T> parse, T defaultValue)
        : base(name, description)
    {
        _parse = parse;
        TypeName = typeName;
        Default = defaultValue;
    }

    public override string TypeName { get; }

    /// <summary>The value when the field is absent or JSON null.</summary>
    public T Default { get; init; }

    /// <summary>
    /// True for a plain string field: parsing a JSON string gives that string back, so a route value is used as it is
    /// instead of being wrapped in a JSON node for every read.
    /// </summary>
    internal bool TakesTextAsIs { get; init; }

    /// <summary>The same field, but a request without it is a 400.</summary>
    public Field<T> AsRequired() => new(Name, Description, TypeName, _parse, Default) { Required = true, TakesTextAsIs = TakesTextAsIs };

    /// <summary>Parses a supplied value; a value of the wrong shape is a 400 naming the field.</summary>
    internal T Parse(JsonNode node)
    {
        try
        {
            return _parse(node);
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException or OverflowException or ArgumentOutOfRangeException)
        {
            throw VaultException.InvalidRequest($"error converting input for field \"{Name}\": expected {TypeName}");
        }
    }
}

using System.Text;

namespace Serverless.Vault.Core.Templates;

/// <summary>
/// A parsed Vault string template (Go text/template syntax with Vault's helper functions), rendered against named
/// string fields. Output is bounded to <see cref="TemplateFunctions.MaxValueLength"/> characters.
/// </summary>
internal sealed class StringTemplate
{
    private readonly IReadOnlyList<TemplatePart> _parts;

    private StringTemplate(IReadOnlyList<TemplatePart> parts) => _parts = parts;

    /// <summary>Throws <see cref="TemplateException"/> on a syntax error, an unknown function or field, or a wrong argument count.</summary>
    public static StringTemplate Parse(string text, IReadOnlySet<string> fields) => new(TemplateParser.Parse(text, fields));

    /// <summary>Throws <see cref="TemplateException"/> when a function refuses its arguments or the output is too long.</summary>
    public string Render(IReadOnlyDictionary<string, string> fields, DateTimeOffset now)
    {
        var builder = new StringBuilder();
        foreach (var part in _parts)
        {
            builder.Append(part.Action is null ? part.Text : TemplateFunctions.Render(Evaluate(part.Action, fields, now)));
            if (builder.Length > TemplateFunctions.MaxValueLength)
            {
                throw new TemplateException($"template output is longer than {TemplateFunctions.MaxValueLength} characters");
            }
        }

        return builder.ToString();
    }

    private static object Evaluate(TemplatePipeline pipeline, IReadOnlyDictionary<string, string> fields, DateTimeOffset now)
    {
        object? value = null;
        foreach (var command in pipeline.Commands)
        {
            var head = command.Terms[0];
            if (head.Kind != TemplateTermKind.Function)
            {
                value = Evaluate(head, fields, now);
                continue;
            }

            var args = new List<object>(command.Terms.Count);
            for (var i = 1; i < command.Terms.Count; i++)
            {
                args.Add(Evaluate(command.Terms[i], fields, now));
            }

            if (value is not null)
            {
                args.Add(value);
            }

            value = Bounded(TemplateFunctions.Call(head.Text, args, now));
        }

        return value ?? "";
    }

    private static object Evaluate(TemplateTerm term, IReadOnlyDictionary<string, string> fields, DateTimeOffset now) => term.Kind switch
    {
        TemplateTermKind.String => term.Text,
        TemplateTermKind.Number => term.Number,
        TemplateTermKind.Field => Bounded(fields.TryGetValue(term.Text, out var value) ? value : ""),
        TemplateTermKind.Function => Bounded(TemplateFunctions.Call(term.Text, [], now)),
        _ => Evaluate(term.Pipeline!, fields, now),
    };

    private static object Bounded(object value) =>
        value is string text && text.Length > TemplateFunctions.MaxValueLength
            ? throw new TemplateException($"a template value is longer than {TemplateFunctions.MaxValueLength} characters")
            : value;
}

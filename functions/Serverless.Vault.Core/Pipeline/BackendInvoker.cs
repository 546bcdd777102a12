using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Pipeline;

/// <summary>Runs the matched path's handler for the request's operation and adds the unknown-field warning.</summary>
public static class BackendInvoker
{
    public static Task<VaultResponse?> InvokeAsync(VaultRequest request, PathMatch match, CancellationToken cancellationToken) =>
        InvokeRequestAsync(request, match, cancellationToken).AsTask();

    /// <summary><see cref="InvokeAsync"/> for the pipeline: a handler that completes at once costs no task here.</summary>
    internal static async ValueTask<VaultResponse?> InvokeRequestAsync(VaultRequest request, PathMatch match, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(match);
        if (request.IsHelp)
        {
            return Help(match.Spec);
        }

        var handler = match.Spec.HandlerFor(request.Operation) ?? throw VaultException.UnsupportedOperation();
        var input = new FieldData(request.Data, match.RouteValues, match.Spec.Fields);
        var response = await handler(new RequestContext(request, input), cancellationToken).ConfigureAwait(false);
        if (response is null && request.Operation is Operation.Read or Operation.List)
        {
            // A read or list that finds nothing is Vault's 404 with an empty error list.
            throw VaultException.NotFound();
        }

        // Raw-body handlers (health, init) declare no fields and take no body: no warnings for them.
        var unknown = match.Spec.TakesArbitraryInput ? [] : input.UnknownFields();
        if (unknown.Count == 0 || response?.RawBody is not null)
        {
            // Responses are immutable: one that already carries the path's setting is returned as it is, no copy.
            return response is null || response.CopyDataToTopLevel == match.Spec.CopyDataToTopLevel
                ? response
                : response with { CopyDataToTopLevel = match.Spec.CopyDataToTopLevel };
        }

        var warning = $"Endpoint ignored these unrecognized parameters: [{string.Join(' ', unknown)}]";
        return (response ?? new VaultResponse()) with
        {
            Warnings = [.. response?.Warnings ?? [], warning],
            CopyDataToTopLevel = match.Spec.CopyDataToTopLevel,
        };
    }

    private static VaultResponse Help(PathSpec spec)
    {
        var fields = new JsonObject();
        foreach (var field in spec.Fields)
        {
            fields[field.Name] = new JsonObject
            {
                ["type"] = field.TypeName,
                ["description"] = field.Description,
                ["required"] = field.Required,
            };
        }

        var text = $"## PATH\n\n{spec.Template.Text}\n\n{spec.Synopsis}\n\n{spec.Description}".TrimEnd();
        return VaultResponse.Raw(new JsonObject
        {
            ["help"] = text,
            ["see_also"] = null,
            ["openapi"] = new JsonObject
            {
                ["paths"] = new JsonObject
                {
                    ["/" + spec.Template.Text] = new JsonObject
                    {
                        ["description"] = spec.Synopsis,
                        ["operations"] = new JsonArray(spec.Handlers.Keys.Select(op => (JsonNode?)op.ToString().ToLowerInvariant()).ToArray()),
                        ["parameters"] = fields,
                    },
                },
            },
        });
    }
}

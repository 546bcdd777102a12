using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Pipeline;
using Serverless.Vault.Core.Security;

namespace Serverless.Vault.Http;

/// <summary>
/// The one bridge between ASP.NET Core and the core, used by the Function App and the Kestrel host alike:
/// HttpRequest in, Vault's JSON envelope out. It holds no vault logic.
/// </summary>
public sealed class VaultHttpAdapter(RequestHandler handler, IOptions<RequestLimits> limits)
{
    public async Task<IResult> HandleAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var isHead = HttpMethods.IsHead(request.Method);
        VaultRequest vaultRequest;
        try
        {
            vaultRequest = await TranslateAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (VaultException error)
        {
            return new VaultResult(VaultResponse.Error(error), isHead);
        }

        var response = await handler.HandleAsync(vaultRequest, cancellationToken).ConfigureAwait(false);
        return new VaultResult(response, isHead);
    }

    private async Task<VaultRequest> TranslateAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var operation = RequestTranslator.OperationOf(request, out var isList);
        var path = RequestTranslator.PathOf(request);
        if (isList && !path.EndsWith('/'))
        {
            path += "/";
        }

        var body = await BodyReader.ReadAsync(request, limits.Value.MaxRequestBytes, cancellationToken).ConfigureAwait(false);
        // The request's nodes read the body in place: it is released only once the response has been written.
        request.HttpContext.Response.RegisterForDispose(body);
        var data = IsForm(request, body.Memory.Span) ? ParseForm(body.Memory) : JsonBodyReader.Parse(body, limits.Value);
        var addsQuery = operation is Operation.Read or Operation.List or Operation.Delete or Operation.Header;
        if (addsQuery)
        {
            RequestTranslator.AddQueryData(request, data);
        }

        return new VaultRequest
        {
            RequestId = RandomIds.Uuid(),
            Operation = operation,
            Path = path,
            Data = data,
            Body = !addsQuery && body.Document?.RootElement is { ValueKind: JsonValueKind.Object } root ? new ParsedBody(data, root) : null,
            ClientToken = RequestTranslator.TokenOf(request),
            RemoteAddress = request.HttpContext.Connection.RemoteIpAddress?.ToString(),
            IsHelp = RequestTranslator.IsHelp(request),
            WrapTtl = RequestTranslator.WrapTtlOf(request),
        };
    }

    /// <summary>Vault parses a form only when the Content-Type says so and the body does not look like JSON.</summary>
    private static bool IsForm(HttpRequest request, ReadOnlySpan<byte> body)
    {
        var trimmed = body.TrimStart(" \t\r\n"u8);
        return (request.ContentType ?? "").StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)
            && !trimmed.IsEmpty && trimmed[0] is not ((byte)'{' or (byte)'[');
    }

    private static JsonObject ParseForm(ReadOnlyMemory<byte> body)
    {
        var data = new JsonObject();
        foreach (var (key, values) in QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body.Span)))
        {
            data[key] = values.ToString();
        }

        return data;
    }
}

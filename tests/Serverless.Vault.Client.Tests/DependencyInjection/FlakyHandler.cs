using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace Serverless.Vault.Client.Tests.DependencyInjection;

/// <summary>
/// Sits in front of the real vault, counting every attempt per method and path and answering 503 (as a sealed or
/// standby vault does) to the first <c>failures</c> attempts at paths starting with <c>prefix</c>.
/// </summary>
public sealed class FlakyHandler(ConcurrentDictionary<string, int> attempts, string prefix, int failures) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath["/v1/".Length..];
        var attempt = attempts.AddOrUpdate($"{request.Method} {path}", 1, (_, n) => n + 1);
        if (path.StartsWith(prefix, StringComparison.Ordinal) && attempt <= failures)
        {
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)
            {
                Content = new StringContent("{\"errors\":[\"Vault is sealed\"]}", Encoding.UTF8, "application/json"),
            });
        }

        return base.SendAsync(request, cancellationToken);
    }
}

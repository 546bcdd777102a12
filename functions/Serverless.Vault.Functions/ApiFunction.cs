using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Serverless.Vault.Http;

namespace Serverless.Vault.Functions;

/// <summary>
/// The whole Vault API behind one catch-all trigger: the Functions host orders routes by function name, not by
/// specificity, so our own router does the routing.
/// </summary>
public sealed class ApiFunction(VaultHttpAdapter adapter)
{
    [Function(nameof(ApiFunction))]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", "post", "put", "patch", "delete", "list", Route = "v1/{*path}")] HttpRequest request,
        CancellationToken cancellationToken) => adapter.HandleAsync(request, cancellationToken);
}

using Azure.Core;
using Azure.Core.Pipeline;

namespace Serverless.Vault.Azure.Tests.KeyVault;

/// <summary>
/// Stands in for BearerTokenAuthenticationPolicy, which refuses http:// endpoints: adds the token the fake checks.
/// </summary>
internal sealed class FakeBearerPolicy : HttpPipelineSynchronousPolicy
{
    public override void OnSendingRequest(HttpMessage message) =>
        message.Request.Headers.SetValue("Authorization", $"Bearer {FakeKeyVault.Token}");
}

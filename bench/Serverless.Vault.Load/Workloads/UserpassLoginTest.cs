using Serverless.Vault.Load.Running;

namespace Serverless.Vault.Load.Workloads;

/// <summary>userpass_login: logs one user in (see <see cref="UserpassLogin"/>).</summary>
internal sealed class UserpassLoginTest : ILoadTest
{
    private UserpassLogin? _login;

    public async Task SetupAsync(LoadContext context, CancellationToken cancellationToken) =>
        _login = await UserpassLogin.SetUpAsync(context, cancellationToken).ConfigureAwait(false);

    public Task RunAsync(CancellationToken cancellationToken) => _login!.LoginAsync(cancellationToken);
}

using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.PasswordPolicies;

namespace Serverless.Vault.Core.Engines.Database;

/// <summary>The "database" mount type: dynamic and static database credentials through <see cref="IDatabasePlugin"/>s.</summary>
public sealed class DatabaseBackendFactory(IEnumerable<IDatabasePlugin> plugins, PasswordPolicyStore passwordPolicies) : IBackendFactory
{
    private readonly Dictionary<string, IDatabasePlugin> _plugins = plugins.ToDictionary(p => p.Name, StringComparer.Ordinal);

    public string Type => Core.DatabaseServices.MountType;

    public IBackend Create(BackendContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new DatabaseBackend(context, _plugins, passwordPolicies);
    }
}

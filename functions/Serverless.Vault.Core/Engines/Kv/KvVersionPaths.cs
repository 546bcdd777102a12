using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Engines.Kv;

/// <summary>KV v2 delete/:path, undelete/:path and destroy/:path, each taking a list of versions.</summary>
internal sealed class KvVersionPaths(KvVersionChanges changes)
{
    private static readonly Field<IReadOnlyList<long>> Versions = Fields.IntList("versions", "The versions to change.");

    public IEnumerable<PathSpec> Specs =>
    [
        Spec("delete", KvVersionChange.Delete, "Soft-delete versions; undelete brings them back."),
        Spec("undelete", KvVersionChange.Undelete, "Undo a soft delete of versions."),
        Spec("destroy", KvVersionChange.Destroy, "Permanently remove the data of versions."),
    ];

    private PathSpec Spec(string verb, KvVersionChange change, string synopsis) => new($"{verb}/{{*path}}")
    {
        Fields = [KvPaths.Path, Versions],
        Handlers = { [Operation.Update] = (context, cancellationToken) => ApplyAsync(context, change, cancellationToken) },
        Synopsis = synopsis,
    };

    private async Task<VaultResponse?> ApplyAsync(RequestContext context, KvVersionChange change, CancellationToken cancellationToken)
    {
        var versions = context.Get(Versions);
        if (versions.Count == 0)
        {
            throw VaultException.InvalidRequest("no version number provided");
        }

        if (versions.Any(v => v <= 0))
        {
            throw VaultException.InvalidRequest("version numbers must be positive");
        }

        await changes.ApplyAsync(new KvSecretStore(context.Storage), KvPaths.RequirePath(context), _ => versions, change, cancellationToken).ConfigureAwait(false);
        return null;
    }
}

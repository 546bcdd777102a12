using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Engines.Transit;

/// <summary>keys/:name/rotate adds a version; keys/:name/trim deletes versions below min_available_version for good.</summary>
internal sealed class KeyRotationPaths(KeyPolicyStore store)
{
    private static readonly Field<long> MinAvailableVersion = Fields.Int("min_available_version", "Versions below this are deleted permanently.");

    public IEnumerable<PathSpec> Specs =>
    [
        new("keys/{name}/rotate")
        {
            Fields = [TransitFields.Name],
            Handlers = { [Operation.Update] = RotateAsync },
            Synopsis = "Add a new version of the key; new encryptions use it.",
        },
        new("keys/{name}/trim")
        {
            Fields = [TransitFields.Name, MinAvailableVersion],
            Handlers = { [Operation.Update] = TrimAsync },
            Synopsis = "Delete the key's versions below min_available_version.",
        },
    ];

    private async Task<VaultResponse?> RotateAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var now = store.Time.GetUtcNow();
        using var lease = await store.UpdateAsync(context, context.Get(TransitFields.Name), current => current.Rotated(now), cancellationToken).ConfigureAwait(false);
        return VaultResponse.WithData(KeyInfoJson.Format(lease.Policy));
    }

    private async Task<VaultResponse?> TrimAsync(RequestContext context, CancellationToken cancellationToken)
    {
        if (!context.Input.Has(MinAvailableVersion))
        {
            throw VaultException.InvalidRequest("missing min_available_version");
        }

        var requested = context.Get(MinAvailableVersion);
        using var lease = await store.UpdateAsync(context, context.Get(TransitFields.Name), current => Trim(current, requested), cancellationToken).ConfigureAwait(false);
        return VaultResponse.WithData(KeyInfoJson.Format(lease.Policy));
    }

    /// <summary>Vault's rules, in Vault's order: never back, and never past either minimum version.</summary>
    private static KeyPolicyRecord Trim(KeyPolicyRecord current, long requested)
    {
        var refusal = requested switch
        {
            _ when requested < current.MinAvailableVersion => "minimum available version cannot be decremented",
            _ when current.MinEncryptionVersion == 0 => "minimum available version cannot be set when minimum encryption version is not set",
            _ when current.MinDecryptionVersion == 0 => "minimum available version cannot be set when minimum decryption version is not set",
            _ when requested > current.MinEncryptionVersion => "minimum available version cannot be greater than minmimum encryption version",
            _ when requested > current.MinDecryptionVersion => "minimum available version cannot be greater than minimum decryption version",
            < 0 => "minimum available version cannot be negative",
            0 => "minimum available version should be positive",
            _ => null,
        };
        if (refusal is not null)
        {
            throw VaultException.InvalidRequest(refusal);
        }

        var kept = current.Versions.Where(pair => pair.Key >= requested).ToDictionary(pair => pair.Key, pair => pair.Value);
        return current with { MinAvailableVersion = requested, Versions = kept };
    }
}

using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Engines.Transit;

/// <summary>keys/:name/config: min versions, deletion_allowed, exportable, allow_plaintext_backup, auto_rotate_period.</summary>
internal sealed class KeyConfigPaths(KeyPolicyStore store)
{
    private static readonly Field<long> MinDecryptionVersion = Fields.Int("min_decryption_version", "Oldest version that may decrypt.");
    private static readonly Field<long> MinEncryptionVersion = Fields.Int("min_encryption_version", "Oldest version that may encrypt; 0 for the latest.");
    private static readonly Field<bool> DeletionAllowed = Fields.Bool("deletion_allowed", "Allow the key to be deleted.");
    private static readonly Field<bool> Exportable = Fields.Bool("exportable", "Allow export; cannot be undone.");
    private static readonly Field<bool> AllowPlaintextBackup = Fields.Bool("allow_plaintext_backup", "Allow plaintext backup; cannot be undone.");
    private static readonly Field<TimeSpan> AutoRotatePeriod = Fields.Duration("auto_rotate_period", "Rotate automatically this often; 0 disables, else at least 1h.");

    public PathSpec Spec => new("keys/{name}/config")
    {
        Fields = [TransitFields.Name, MinDecryptionVersion, MinEncryptionVersion, DeletionAllowed, Exportable, AllowPlaintextBackup, AutoRotatePeriod],
        Handlers = { [Operation.Update] = WriteAsync },
        Synopsis = "Configure a named key.",
    };

    private async Task<VaultResponse?> WriteAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var warnings = new List<string>();
        using var lease = await store.UpdateAsync(context, context.Get(TransitFields.Name), current =>
        {
            warnings.Clear();
            return Apply(context, current, warnings);
        }, cancellationToken).ConfigureAwait(false);
        return new VaultResponse { Data = KeyInfoJson.Format(lease.Policy), Warnings = warnings };
    }

    private static KeyPolicyRecord Apply(RequestContext context, KeyPolicyRecord current, List<string> warnings)
    {
        var next = current;
        if (context.Input.Has(MinDecryptionVersion))
        {
            var requested = context.Get(MinDecryptionVersion);
            if (requested < 0)
            {
                throw VaultException.InvalidRequest("min decryption version cannot be negative");
            }

            if (requested == 0)
            {
                requested = 1;
                warnings.Add("since Vault 0.3, transit key numbering starts at 1; forcing minimum to 1");
            }

            if (requested != current.MinDecryptionVersion && requested > current.LatestVersion)
            {
                throw VaultException.InvalidRequest($"cannot set min decryption version of {requested}, latest key version is {current.LatestVersion}");
            }

            // Trimmed versions are gone for good: decryption cannot be re-allowed for them.
            if (requested < current.MinAvailableVersion)
            {
                throw VaultException.InvalidRequest($"cannot set min decryption version of {requested}, versions below {current.MinAvailableVersion} were trimmed");
            }

            next = next with { MinDecryptionVersion = requested };
        }

        if (context.Input.Has(MinEncryptionVersion))
        {
            var requested = context.Get(MinEncryptionVersion);
            if (requested < 0)
            {
                throw VaultException.InvalidRequest("min encryption version cannot be negative");
            }

            if (requested != current.MinEncryptionVersion && requested > current.LatestVersion)
            {
                throw VaultException.InvalidRequest($"cannot set min encryption version of {requested}, latest key version is {current.LatestVersion}");
            }

            next = next with { MinEncryptionVersion = requested };
        }

        if (next.MinEncryptionVersion > 0 && next.MinEncryptionVersion < next.MinDecryptionVersion)
        {
            throw VaultException.InvalidRequest(
                $"cannot set min encryption/decryption values; min encryption version of {next.MinEncryptionVersion} must be greater than or equal to min decryption version of {next.MinDecryptionVersion}");
        }

        if (context.Input.Has(DeletionAllowed))
        {
            next = next with { DeletionAllowed = context.Get(DeletionAllowed) };
        }

        if (context.Input.Has(Exportable))
        {
            var exportable = context.Get(Exportable);
            next = current.Exportable && !exportable
                ? throw VaultException.InvalidRequest("exportable keys cannot be changed to non-exportable")
                : next with { Exportable = exportable };
        }

        if (context.Input.Has(AllowPlaintextBackup))
        {
            var allow = context.Get(AllowPlaintextBackup);
            next = current.AllowPlaintextBackup && !allow
                ? throw VaultException.InvalidRequest("plaintext backup cannot be disabled once enabled")
                : next with { AllowPlaintextBackup = allow };
        }

        if (context.Input.Has(AutoRotatePeriod))
        {
            next = next with { AutoRotatePeriod = KeysPaths.RotatePeriodSeconds(context.Get(AutoRotatePeriod)) };
        }

        return next;
    }
}

using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Engines.Transit;

/// <summary>The transit engine's paths, over one key cache per mount and instance.</summary>
internal sealed class TransitBackend : IBackend
{
    public TransitBackend(BackendContext context, ITransitAeadFactory aeads)
    {
        var store = new KeyPolicyStore(new KeyCache(context.Time, aeads), context.Time);
        var wrappingKeys = new WrappingKeyStore(context.Time);
        PathSpec[] specs =
        [
            .. new KeysPaths(store).Specs,
            new KeyConfigPaths(store).Spec,
            .. new KeyRotationPaths(store).Specs,
            new EncryptPaths(store).Spec,
            new DecryptPaths(store).Spec,
            new RewrapPaths(store).Spec,
            new DatakeyPaths(store).Spec,
            .. RandomPaths.Specs,
            .. HashPaths.Specs,
            .. new HmacPaths(store).Specs,
            .. new VerifyPaths(store).Specs,
            .. new ExportPaths(store).Specs,
            new BackupPaths(store).Spec,
            .. new RestorePaths(store).Specs,
            CacheConfigPaths.Spec,
            KeysConfigPaths.Spec,
            .. new SignPaths(store).Specs,
            new WrappingKeyPaths(wrappingKeys).Spec,
            .. new ImportPaths(store, wrappingKeys).Specs,
        ];
        Paths = new PathTable(specs);
    }

    public PathTable Paths { get; }
}

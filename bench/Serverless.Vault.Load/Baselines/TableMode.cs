namespace Serverless.Vault.Load.Baselines;

/// <summary>What a <see cref="TableBaseline"/> call does.</summary>
internal enum TableMode
{
    PointRead,
    Upsert,
}

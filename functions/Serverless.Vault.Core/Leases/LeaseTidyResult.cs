namespace Serverless.Vault.Core.Leases;

/// <summary>What one tidy pass found: leases checked, leases given their index back, index rows removed.</summary>
internal sealed record LeaseTidyResult(int Leases, int Reindexed, int DanglingRows);

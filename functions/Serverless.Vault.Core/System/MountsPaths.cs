using Serverless.Vault.Core.Barrier;
using Serverless.Vault.Core.Leases;
using Serverless.Vault.Core.Mounts;
using Serverless.Vault.Core.Quotas;

namespace Serverless.Vault.Core.System;

/// <summary>sys/mounts: the secrets engines.</summary>
public sealed class MountsPaths(MountStore mounts, BackendRegistry registry, IBarrier barrier, LeaseRevoker leases, QuotaStore quotas)
    : MountTablePaths(MountTable.Secrets, mounts, registry, barrier, leases, quotas);

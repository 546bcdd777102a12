using Serverless.Vault.Core.Barrier;
using Serverless.Vault.Core.Leases;
using Serverless.Vault.Core.Mounts;
using Serverless.Vault.Core.Quotas;

namespace Serverless.Vault.Core.System;

/// <summary>sys/auth: the auth methods, mounted under auth/ (the token store at auth/token/ is built in).</summary>
public sealed class AuthPaths(MountStore mounts, BackendRegistry registry, IBarrier barrier, LeaseRevoker leases, QuotaStore quotas)
    : MountTablePaths(MountTable.Auth, mounts, registry, barrier, leases, quotas);

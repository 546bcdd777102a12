using Microsoft.Extensions.Logging;
using Serverless.Vault.Core.Mounts;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Framework;

/// <summary>What a backend gets when its mount is loaded: its entry, its own storage view, a clock and a logger.</summary>
public sealed record BackendContext(MountEntry Mount, IStorage Storage, TimeProvider Time, ILoggerFactory LoggerFactory);

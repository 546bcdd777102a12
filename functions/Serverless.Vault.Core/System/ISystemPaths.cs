using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.System;

/// <summary>A family of sys/ paths registered from its own feature (audit, wrapping, tools, quotas).</summary>
public interface ISystemPaths
{
    IEnumerable<PathSpec> Paths { get; }
}

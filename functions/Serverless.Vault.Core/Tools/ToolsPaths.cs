using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.System;

namespace Serverless.Vault.Core.Tools;

/// <summary>sys/tools/random and sys/tools/hash: transit's random and hash, served without a transit mount.</summary>
internal sealed class ToolsPaths : ISystemPaths
{
    public IEnumerable<PathSpec> Paths => [.. RandomTool.Specs("tools/random"), .. HashTool.Specs("tools/hash")];
}

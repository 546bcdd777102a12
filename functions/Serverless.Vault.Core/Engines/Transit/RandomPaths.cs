using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Tools;

namespace Serverless.Vault.Core.Engines.Transit;

/// <summary>transit's random[/:source][/:bytes]: the same tool sys/tools/random serves.</summary>
internal static class RandomPaths
{
    public static IEnumerable<PathSpec> Specs => RandomTool.Specs("random");
}

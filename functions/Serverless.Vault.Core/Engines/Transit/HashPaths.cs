using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Tools;

namespace Serverless.Vault.Core.Engines.Transit;

/// <summary>transit's hash[/:algorithm]: the same tool sys/tools/hash serves.</summary>
internal static class HashPaths
{
    public static IEnumerable<PathSpec> Specs => HashTool.Specs("hash");
}

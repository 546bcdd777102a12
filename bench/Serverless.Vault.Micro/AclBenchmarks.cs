using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Serverless.Vault.Core.Policies;

namespace Serverless.Vault.Micro;

/// <summary>
/// ACL evaluation over ten policies of 50 rules each (exact paths, prefix globs, '+' segments, a deny), against a
/// dictionary lookup of the same path: the least any path check can cost.
/// </summary>
[Config(typeof(MicroConfig))]
public class AclBenchmarks
{
    private Acl _acl = null!;
    private Dictionary<string, Capability> _exact = null!;

    [GlobalSetup]
    public void SetUp()
    {
        var policies = new List<Policy>();
        _exact = new Dictionary<string, Capability>(StringComparer.Ordinal);
        for (var p = 0; p < 10; p++)
        {
            var text = new StringBuilder();
            for (var r = 0; r < 50; r++)
            {
                var n = string.Create(CultureInfo.InvariantCulture, $"{p}-{r}");
                text.Append(CultureInfo.InvariantCulture, $"path \"secret/data/team{n}/app\" {{ capabilities = [\"read\"] }}\n");
                text.Append(CultureInfo.InvariantCulture, $"path \"kv/team{n}/*\" {{ capabilities = [\"read\", \"list\"] }}\n");
                text.Append(CultureInfo.InvariantCulture, $"path \"transit/+/key{n}\" {{ capabilities = [\"update\"] }}\n");
                _exact["secret/data/team" + n + "/app"] = Capability.Read;
            }

            text.Append("path \"secret/data/denied/*\" { capabilities = [\"deny\"] }\n");
            policies.Add(PolicyParser.Parse("p" + p.ToString(CultureInfo.InvariantCulture), text.ToString()));
        }

        _acl = Acl.Compile(policies);
    }

    [Benchmark(Baseline = true)]
    public bool DictionaryLookup() => _exact.TryGetValue("secret/data/team9-49/app", out _);

    [Benchmark]
    public AclResult ExactPath() => _acl.Check("secret/data/team9-49/app", Capability.Read, null);

    [Benchmark]
    public AclResult PrefixGlob() => _acl.Check("kv/team5-25/db/password", Capability.Read, null);

    [Benchmark]
    public AclResult PlusSegment() => _acl.Check("transit/encrypt/key3-7", Capability.Update, null);

    [Benchmark]
    public AclResult Denied() => _acl.Check("secret/data/denied/x", Capability.Read, null);
}

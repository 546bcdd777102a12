using Serverless.Vault.Core.Policies;
using static Serverless.Vault.Core.Tests.Policies.PolicyText;

namespace Serverless.Vault.Core.Tests.Policies;

/// <summary>Vault's matching and precedence (acl.go AllowOperation), one policy text per token policy.</summary>
public sealed class AclPrecedenceTests
{
    private const Capability Read = Capability.Read;
    private const Capability Update = Capability.Update;
    private const Capability List = Capability.List;

    public static TheoryData<string, string[], string, Capability, bool> Cases => new()
    {
        // Exact patterns
        { "exact read grants read", [Rule("secret/foo", "read")], "secret/foo", Read, true },
        { "exact read does not grant update", [Rule("secret/foo", "read")], "secret/foo", Update, false },
        { "no rule matches: denied", [Rule("secret/foo", "read")], "secret/bar", Read, false },
        { "exact does not cover children", [Rule("secret/foo", "read")], "secret/foo/bar", Read, false },
        { "leading slash of the request is ignored", [Rule("secret/foo", "read")], "/secret/foo", Read, true },
        { "patch is not update", [Rule("secret/foo", "update")], "secret/foo", Capability.Patch, false },
        { "create is not update", [Rule("secret/foo", "update")], "secret/foo", Capability.Create, false },
        { "legacy write grants create", ["path \"secret/foo\" { policy = \"write\" }"], "secret/foo", Capability.Create, true },

        // Globs: '*' as last character is a plain string prefix
        { "glob matches child", [Rule("secret/*", "read")], "secret/foo", Read, true },
        { "glob 'secret/*' does not match 'secret'", [Rule("secret/*", "read")], "secret", Read, false },
        { "glob 'secret/foo*' matches 'secret/food'", [Rule("secret/foo*", "read")], "secret/food", Read, true },
        { "glob 'secret/foo*' matches deeper paths", [Rule("secret/foo*", "read")], "secret/foo/bar/baz", Read, true },
        { "glob 'secret/foo*' matches 'secret/foo' itself", [Rule("secret/foo*", "read")], "secret/foo", Read, true },
        { "'*' alone matches everything", [Rule("*", "read")], "any/path/at/all", Read, true },

        // Exact beats glob, whatever they say
        { "exact read beats glob deny", [Rule("secret/*", "deny"), Rule("secret/foo", "read")], "secret/foo", Read, true },
        { "exact deny beats glob read", [Rule("secret/*", "read") + Rule("secret/foo", "deny")], "secret/foo", Read, false },
        { "deny on secret/* in one policy, read on exact in another: read", [Rule("secret/*", "deny"), Rule("secret/foo", "read")], "secret/foo", Read, true },
        { "that deny still applies elsewhere", [Rule("secret/*", "deny"), Rule("secret/foo", "read")], "secret/bar", Read, false },

        // Identical patterns merge: union of capabilities, deny makes them deny-only
        { "identical patterns unite capabilities", [Rule("secret/foo", "read"), Rule("secret/foo", "update")], "secret/foo", Update, true },
        { "deny among identical patterns across policies wins", [Rule("secret/*", "read"), Rule("secret/*", "deny")], "secret/foo", Read, false },
        { "deny among identical patterns, deny first", [Rule("secret/*", "deny"), Rule("secret/*", "read")], "secret/foo", Read, false },
        { "deny merged with sudo leaves no sudo", [Rule("sys/raw", "read", "sudo"), Rule("sys/raw", "deny")], "sys/raw", Read | Capability.Sudo, false },

        // Longer glob beats shorter; only the winner counts
        { "longer glob read beats shorter glob deny", [Rule("secret/*", "deny"), Rule("secret/foo/*", "read")], "secret/foo/bar", Read, true },
        { "longer glob deny beats shorter glob read", [Rule("secret/*", "read") + Rule("secret/foo/*", "deny")], "secret/foo/bar", Read, false },
        { "shorter glob still applies outside the longer", [Rule("secret/*", "read") + Rule("secret/foo/*", "deny")], "secret/baz", Read, true },
        { "winner lacking the capability denies even if a loser has it", [Rule("secret/*", "update") + Rule("secret/foo/*", "read")], "secret/foo/bar", Update, false },

        // '+' matches exactly one segment
        { "'+' matches one segment", [Rule("secret/+/config", "read")], "secret/app/config", Read, true },
        { "'+' does not match two segments", [Rule("secret/+/config", "read")], "secret/a/b/config", Read, false },
        { "'secret/+' does not match deeper", [Rule("secret/+", "read")], "secret/a/b", Read, false },
        { "'+' at the start", [Rule("+/config", "read")], "anything/config", Read, true },
        { "'+/*' needs a segment after the '+'", [Rule("secret/+/*", "read")], "secret/a", Read, false },
        { "'+/*' matches below the segment", [Rule("secret/+/*", "read")], "secret/a/b/c", Read, true },

        // Glob versus '+'
        { "same first wildcard: '+' (no trailing '*') beats glob", [Rule("secret/*", "deny") + Rule("secret/+/config", "read")], "secret/app/config", Read, true },
        { "later first wildcard wins: 'secret/a*' beats 'secret/+'", [Rule("secret/+", "deny") + Rule("secret/a*", "read")], "secret/abc", Read, true },
        { "later first wildcard wins: 'secret/a/+' beats 'secret/+/b'", [Rule("secret/+/b", "deny") + Rule("secret/a/+", "read")], "secret/a/b", Read, true },
        { "not ending in '*' beats ending in '*'", [Rule("secret/+/fo*", "deny") + Rule("secret/+/foo", "read")], "secret/x/foo", Read, true },
        { "fewer '+' beats more", [Rule("secret/+/+/x", "read") + Rule("secret/+/b/x", "deny")], "secret/a/b/x", Read, false },
        { "fewer '+' beats more (reversed)", [Rule("secret/+/+/x", "deny") + Rule("secret/+/b/x", "read")], "secret/a/b/x", Read, true },
        { "longer beats shorter among '+' globs", [Rule("secret/+/fo*", "deny") + Rule("secret/+/foo*", "read")], "secret/x/food", Read, true },
        { "glob and '+/...*' at the same position: fewer '+' wins", [Rule("team/*", "list") + Rule("team/+/data/*", "read")], "team/a/data/x", Read, false },
        { "lexicographically larger wins the last tie", [Rule("secret/+/+/c", "deny") + Rule("secret/+/b/+", "read")], "secret/a/b/c", Read, true },

        // LIST arrives with a trailing slash
        { "list folder/ uses exact rule without the slash", [Rule("secret/foo", "list")], "secret/foo/", List, true },
        { "read of folder/ does not use the rule without slash", [Rule("secret/foo", "read")], "secret/foo/", Read, false },
        { "list folder/ with an exact rule with the slash", [Rule("secret/foo/", "list")], "secret/foo/", List, true },
        { "list 'secret/' with 'secret/*'", [Rule("secret/*", "list")], "secret/", List, true },
        { "list folder/ matches '+' rule without slash", [Rule("secret/+", "list")], "secret/foo/", List, true },
        { "list folder/: deny on folder/* beats broader list", [Rule("kv/*", "list") + Rule("kv/private/*", "deny")], "kv/private/", List, false },
        { "list folder/: '+' list beats a non-list folder/* rule", [Rule("kv/+", "list") + Rule("kv/private/*", "read")], "kv/private/", List, true },
        { "list folder/: exact without slash beats deny glob", [Rule("kv/private", "list") + Rule("kv/private/*", "deny")], "kv/private/", List, true },

        // Sudo
        { "sudo with update grants update+sudo", [Rule("sys/audit/file", "update", "sudo")], "sys/audit/file", Update | Capability.Sudo, true },
        { "update without sudo on a root path", [Rule("sys/audit/file", "update")], "sys/audit/file", Update | Capability.Sudo, false },
        { "sudo alone does not grant update", [Rule("sys/audit/file", "sudo")], "sys/audit/file", Update, false },
        { "sudo from a losing glob does not count", [Rule("sys/*", "update", "sudo") + Rule("sys/audit/*", "update")], "sys/audit/file", Update | Capability.Sudo, false },

        // Deleted policies
        { "policy with no paths grants nothing", [""], "secret/foo", Read, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Check_PrecedenceCase_MatchesVault(string description, string[] policies, string path, Capability needed, bool allowed)
    {
        var result = Compile(policies).Check(path, needed, data: null);

        Assert.True(allowed == result.Allowed, $"{description}: expected allowed={allowed}, matched {result.MatchedPattern ?? "nothing"}");
    }
}

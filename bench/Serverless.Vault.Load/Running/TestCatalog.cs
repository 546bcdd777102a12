using Serverless.Vault.Load.Baselines;
using Serverless.Vault.Load.Workloads;

namespace Serverless.Vault.Load.Running;

/// <summary>Every test type a config may name, and which of them talk to the Vault address (the baselines do not).</summary>
internal static class TestCatalog
{
    private static readonly Dictionary<string, Func<ILoadTest>> Factories = new()
    {
        ["kvv1_read"] = () => new KvReadTest(1),
        ["kvv1_write"] = () => new KvWriteTest(1),
        ["kvv2_read"] = () => new KvReadTest(2),
        ["kvv2_write"] = () => new KvWriteTest(2),
        ["transit_encrypt"] = () => new TransitTest(TransitOperation.Encrypt),
        ["transit_decrypt"] = () => new TransitTest(TransitOperation.Decrypt),
        ["transit_sign"] = () => new TransitTest(TransitOperation.Sign),
        ["transit_verify"] = () => new TransitTest(TransitOperation.Verify),
        ["approle_login"] = () => new AppRoleLoginTest(),
        ["userpass_login"] = () => new UserpassLoginTest(),
        ["jwt_login"] = () => new JwtLoginTest(),
        ["token_create"] = () => new TokenCreateTest(),
        ["database_creds"] = () => new DatabaseCredsTest(),
        ["sys_health"] = () => new SysHealthTest(),
        ["mix"] = () => new MixTest(),
        ["table_read"] = () => new TableBaseline(TableMode.PointRead),
        ["table_upsert"] = () => new TableBaseline(TableMode.Upsert),
        ["aes_gcm"] = () => new AesGcmBaseline(),
        ["http_floor"] = () => new KestrelFloor(),
        ["pg_create_role"] = () => new PostgresRoleBaseline(),
    };

    private static readonly HashSet<string> Baselines = ["table_read", "table_upsert", "aes_gcm", "http_floor", "pg_create_role"];

    public static IReadOnlyCollection<string> Types => Factories.Keys;

    public static bool NeedsVault(string type) => !Baselines.Contains(type);

    public static ILoadTest Create(string type) => Factories[type]();
}

using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Tests.Auth.Jwt;
using Serverless.Vault.Core.Tests.Pipeline;

namespace Serverless.Vault.Core.Tests.Auth.Azure;

public sealed class AzureLoginTests : IDisposable
{
    private const string Resource = "https://vault.example/";
    private const string ObjectId = "11111111-2222-3333-4444-555555555555";
    private const string Subscription = "aaaaaaaa-0000-0000-0000-000000000001";
    private const string MirId = $"/subscriptions/{Subscription}/resourcegroups/prod-rg/providers/Microsoft.Compute/virtualMachines/web-1";

    private readonly TestJwtSigner _signer = new();
    private readonly TestAzureMetadata _metadata;

    public AzureLoginTests() => _metadata = new TestAzureMetadata(_signer);

    public void Dispose()
    {
        _metadata.Dispose();
        _signer.Dispose();
    }

    private async Task<TestVault> VaultAsync(JsonObject? role = null)
    {
        var vault = await TestVault.InitializedAsync();
        VaultAssert.NoContent(await vault.WriteAsync("sys/auth/azure", new JsonObject { ["type"] = "azure" }));
        VaultAssert.NoContent(await vault.WriteAsync("auth/azure/config", new JsonObject
        {
            ["tenant_id"] = "tenant-1",
            ["resource"] = Resource,
            ["client_id"] = "client",
            ["client_secret"] = "very-secret",
            ["issuer"] = _metadata.Issuer,
            ["metadata_url"] = _metadata.MetadataUrl,
        }));
        VaultAssert.NoContent(await vault.WriteAsync("auth/azure/role/dev", role ?? new JsonObject
        {
            ["bound_service_principal_ids"] = ObjectId,
            ["token_policies"] = "dev",
        }));
        return vault;
    }

    private JsonObject Claims(TestVault vault, Action<JsonObject>? change = null)
    {
        var now = vault.Time.GetUtcNow().ToUnixTimeSeconds();
        var claims = new JsonObject
        {
            ["iss"] = _metadata.Issuer,
            ["aud"] = Resource,
            ["oid"] = ObjectId,
            ["sub"] = ObjectId,
            ["xms_mirid"] = MirId,
            ["iat"] = now,
            ["nbf"] = now,
            ["exp"] = now + 3600,
        };
        change?.Invoke(claims);
        return claims;
    }

    private static Task<VaultResponse?> LoginAsync(TestVault vault, string jwt, Action<JsonObject>? extra = null)
    {
        var body = new JsonObject { ["role"] = "dev", ["jwt"] = jwt };
        extra?.Invoke(body);
        return vault.WriteAsync("auth/azure/login", body, token: null);
    }

    private static async Task<int> TokenCountAsync(TestVault vault) =>
        (await vault.PhysicalKeysAsync("core/token/id/")).Count(key => !key.Contains("/" + Serverless.Vault.Core.Tokens.TokenStoragePaths.AccessorRowPrefix, StringComparison.Ordinal));

    private static async Task AssertRefusedAsync(TestVault vault, string jwt, string message, Action<JsonObject>? extra = null)
    {
        var before = await TokenCountAsync(vault);
        var response = await LoginAsync(vault, jwt, extra);
        VaultAssert.Error(response, 400, message);
        Assert.Null(response!.Auth);
        Assert.Equal(before, await TokenCountAsync(vault));
        Assert.DoesNotContain(jwt, string.Join(' ', response.Errors!));
    }

    [Fact]
    public async Task Renew_RolePoliciesChangedOrRoleDeleted_IsRefused()
    {
        using var vault = await VaultAsync();
        var token = VaultAssert.Auth(await LoginAsync(vault, _signer.Sign(Claims(vault))))["client_token"]!.GetValue<string>();
        Assert.NotNull(VaultAssert.Auth(await vault.WriteAsync("auth/token/renew-self", null, token)));

        VaultAssert.NoContent(await vault.WriteAsync("auth/azure/role/dev", new JsonObject { ["bound_service_principal_ids"] = ObjectId, ["token_policies"] = "dev,ops" }));
        VaultAssert.Error(await vault.WriteAsync("auth/token/renew-self", null, token), 400, "policies on role 'dev' have changed, cannot renew");

        VaultAssert.NoContent(await vault.DeleteAsync("auth/azure/role/dev"));
        VaultAssert.Error(await vault.WriteAsync("auth/token/renew-self", null, token), 400, "role 'dev' no longer exists");
    }

    [Fact]
    public async Task Login_ValidToken_MintsTokenWithMetadata()
    {
        using var vault = await VaultAsync();

        var login = await LoginAsync(vault, _signer.Sign(Claims(vault)), b =>
        {
            b["subscription_id"] = Subscription;
            b["resource_group_name"] = "prod-rg";
            b["vm_name"] = "web-1";
        });

        var auth = login!.Auth!;
        Assert.Contains("dev", auth["token_policies"]!.AsArray().Select(p => p!.GetValue<string>()));
        var metadata = auth["metadata"]!;
        Assert.Equal("dev", metadata["role"]!.GetValue<string>());
        Assert.Equal(Subscription, metadata["subscription_id"]!.GetValue<string>());
        Assert.Equal("prod-rg", metadata["resource_group_name"]!.GetValue<string>());
        Assert.Equal("web-1", metadata["vm_name"]!.GetValue<string>());
        var self = VaultAssert.Ok(await vault.ReadAsync("auth/token/lookup-self", auth["client_token"]!.GetValue<string>()));
        Assert.Equal($"azure-{ObjectId}", self["display_name"]!.GetValue<string>());
    }

    public static TheoryData<string, string> Rejections => new()
    {
        { "wrong-aud", "error validating token: invalid audience (aud) claim" },
        { "wrong-iss", "error validating token: invalid issuer (iss) claim" },
        { "expired", "error validating token: token is expired (exp)" },
        { "not-yet-valid", "error validating token: token not valid yet (nbf)" },
        { "alg-none", "error validating token: unsupported signing algorithm \"none\"" },
        { "hs256", "error validating token: unsupported signing algorithm \"HS256\"" },
        { "other-key", "error validating token: failed to verify signature" },
        { "oid-not-bound", "service principal not authorized: 99999999-2222-3333-4444-555555555555" },
        { "no-oid", "unable to determine the identity: the token has no oid claim" },
    };

    [Theory]
    [MemberData(nameof(Rejections))]
    public async Task Login_BadToken_Returns400AndMintsNothing(string kind, string message)
    {
        using var vault = await VaultAsync();
        var now = vault.Time.GetUtcNow().ToUnixTimeSeconds();
        using var other = new TestJwtSigner();
        var jwt = kind switch
        {
            "wrong-aud" => _signer.Sign(Claims(vault, c => c["aud"] = "https://management.azure.com/")),
            "wrong-iss" => _signer.Sign(Claims(vault, c => c["iss"] = "https://sts.windows.net/other-tenant/")),
            "expired" => _signer.Sign(Claims(vault, c => c["exp"] = now - 61)),
            "not-yet-valid" => _signer.Sign(Claims(vault, c => c["nbf"] = now + 61)),
            "alg-none" => _signer.Sign(Claims(vault), alg: "none"),
            "hs256" => _signer.Sign(Claims(vault), alg: "HS256"),
            "other-key" => other.Sign(Claims(vault)),
            "oid-not-bound" => _signer.Sign(Claims(vault, c => c["oid"] = "99999999-2222-3333-4444-555555555555")),
            "no-oid" => _signer.Sign(Claims(vault, c => c.Remove("oid"))),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        await AssertRefusedAsync(vault, jwt, message);
    }

    [Fact]
    public async Task Login_SmallLeeway_AcceptsSlightlyExpiredToken()
    {
        using var vault = await VaultAsync();
        var now = vault.Time.GetUtcNow().ToUnixTimeSeconds();

        Assert.NotNull((await LoginAsync(vault, _signer.Sign(Claims(vault, c => c["exp"] = now - 30))))!.Auth);
    }

    [Fact]
    public async Task Login_GroupBound_NeedsOneOfTheGroups()
    {
        using var vault = await VaultAsync(new JsonObject { ["bound_group_ids"] = new JsonArray("g-ops", "g-dev") });

        Assert.NotNull((await LoginAsync(vault, _signer.Sign(Claims(vault, c => c["groups"] = new JsonArray("g-x", "g-dev")))))!.Auth);
        await AssertRefusedAsync(vault, _signer.Sign(Claims(vault, c => c["groups"] = new JsonArray("g-x"))), "groups not authorized");
        await AssertRefusedAsync(vault, _signer.Sign(Claims(vault)), "groups not authorized");
    }

    [Fact]
    public async Task Login_SubscriptionAndResourceGroup_AreCheckedAgainstXmsMirid()
    {
        using var vault = await VaultAsync(new JsonObject
        {
            ["bound_subscription_ids"] = Subscription,
            ["bound_resource_groups"] = "PROD-RG",
        });

        Assert.NotNull((await LoginAsync(vault, _signer.Sign(Claims(vault)), b =>
        {
            b["subscription_id"] = Subscription;
            b["resource_group_name"] = "prod-rg";
        }))!.Auth);

        await AssertRefusedAsync(vault, _signer.Sign(Claims(vault)), "subscription_id does not match the token's managed identity (xms_mirid claim)",
            b => b["subscription_id"] = "bbbbbbbb-0000-0000-0000-000000000002");
        await AssertRefusedAsync(vault, _signer.Sign(Claims(vault)), "resource_group_name does not match the token's managed identity (xms_mirid claim)",
            b => b["resource_group_name"] = "other-rg");
        await AssertRefusedAsync(vault, _signer.Sign(Claims(vault, c => c["xms_mirid"] = MirId.Replace("prod-rg", "dev-rg", StringComparison.Ordinal))),
            "resource group not authorized");
        await AssertRefusedAsync(vault, _signer.Sign(Claims(vault, c => c["xms_mirid"] = MirId.Replace(Subscription, "bbbbbbbb-0000-0000-0000-000000000002", StringComparison.Ordinal))),
            "subscription not authorized");
        await AssertRefusedAsync(vault, _signer.Sign(Claims(vault, c => c.Remove("xms_mirid"))),
            "unable to verify subscription_id and resource_group_name: the token has no xms_mirid claim and this server does not query Azure's compute API",
            b => { b["subscription_id"] = Subscription; b["resource_group_name"] = "prod-rg"; });
    }

    [Fact]
    public async Task Login_MissingFieldsOrUnknownRole_Returns400()
    {
        using var vault = await VaultAsync();

        VaultAssert.Error(await vault.WriteAsync("auth/azure/login", new JsonObject { ["jwt"] = "x" }, token: null), 400, "role is required");
        VaultAssert.Error(await vault.WriteAsync("auth/azure/login", new JsonObject { ["role"] = "dev" }, token: null), 400, "jwt is required");
        VaultAssert.Error(await vault.WriteAsync("auth/azure/login", new JsonObject { ["role"] = "nope", ["jwt"] = "x" }, token: null), 400, "invalid role name \"nope\"");
    }
}

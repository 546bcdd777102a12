using System.Text.Json.Nodes;
using Serverless.Vault.Core.Auth.Userpass;
using Serverless.Vault.Core.Tests.Pipeline;

namespace Serverless.Vault.Core.Tests.Auth.Userpass;

public sealed class LoginPathTests
{
    [Fact]
    public async Task Login_RightPassword_MintsATokenForTheUser()
    {
        using var vault = await UserpassVault.StartAsync();
        await vault.CreateUserAsync("alice", "pw-1", new JsonObject { ["token_policies"] = "web", ["token_ttl"] = "30m" });

        var login = await vault.LoginAsync("alice", "pw-1");

        var auth = login!.Auth!;
        Assert.Equal(["default", "web"], auth["token_policies"]!.AsArray().Select(p => p!.GetValue<string>()).Order());
        Assert.Equal("alice", auth["metadata"]!["username"]!.GetValue<string>());
        Assert.Equal(1800, auth["lease_duration"]!.GetValue<long>());
        Assert.True(auth["renewable"]!.GetValue<bool>());
        Assert.Null(login.Data);
        Assert.DoesNotContain("pw-1", auth.ToJsonString(), StringComparison.Ordinal);

        var token = auth["client_token"]!.GetValue<string>();
        var self = VaultAssert.Ok(await vault.ReadAsync("auth/token/lookup-self", token));
        Assert.Equal("userpass-alice", self["display_name"]!.GetValue<string>());
        Assert.Equal("auth/userpass/login/alice", self["path"]!.GetValue<string>());
    }

    [Fact]
    public async Task Login_WrongPasswordOrUnknownUser_SameErrorAndNoToken()
    {
        using var vault = await UserpassVault.StartAsync();
        await vault.CreateUserAsync("alice", "pw-1");
        var before = await vault.TokenCountAsync();

        var wrong = await vault.LoginAsync("alice", "pw-2");
        var unknown = await vault.LoginAsync("nobody", "pw-1");
        var invalidName = await vault.LoginAsync("-nobody", "pw-1");

        VaultAssert.Error(wrong, 400, "invalid username or password");
        VaultAssert.Error(unknown, 400, "invalid username or password");
        VaultAssert.Error(invalidName, 400, "invalid username or password");
        Assert.Null(wrong!.Auth);
        Assert.Null(unknown!.Auth);
        Assert.Equal(before, await vault.TokenCountAsync());
    }

    [Fact]
    public async Task Login_MissingPassword_IsA400WithoutAToken()
    {
        using var vault = await UserpassVault.StartAsync();
        await vault.CreateUserAsync("alice", "pw-1");
        var before = await vault.TokenCountAsync();

        VaultAssert.Error(await vault.WriteAsync("auth/userpass/login/alice", [], token: null), 400, "missing password");
        VaultAssert.Error(await vault.LoginAsync("alice", ""), 400, "missing password");
        Assert.Equal(before, await vault.TokenCountAsync());
    }

    [Fact]
    public async Task Login_PasswordLongerThanBcryptReads_IsRefusedNotTruncated()
    {
        using var vault = await UserpassVault.StartAsync();
        var password = new string('p', UserpassPasswords.MaxPasswordBytes);
        await vault.CreateUserAsync("alice", password);

        VaultAssert.Error(await vault.LoginAsync("alice", password + "extra"), 400, "invalid username or password");
        Assert.NotNull((await vault.LoginAsync("alice", password))!.Auth);
    }

    [Fact]
    public async Task Login_BoundCidrsElsewhere_IsRefusedAfterThePasswordCheck()
    {
        using var vault = await UserpassVault.StartAsync();
        await vault.CreateUserAsync("alice", "pw-1", new JsonObject { ["token_bound_cidrs"] = "10.0.0.0/8" });
        var before = await vault.TokenCountAsync();

        // TestVault's requests carry no client address: outside every block.
        VaultAssert.Error(await vault.LoginAsync("alice", "pw-1"), 403, "login request originated from invalid CIDR");
        VaultAssert.Error(await vault.LoginAsync("alice", "wrong"), 400, "invalid username or password");
        Assert.Equal(before, await vault.TokenCountAsync());
    }

    [Fact]
    public async Task Login_MountedElsewhere_DisplayNameFollowsTheMountPath()
    {
        using var vault = await TestVault.InitializedAsync();
        VaultAssert.NoContent(await vault.WriteAsync("sys/auth/people/staff", new JsonObject { ["type"] = "userpass" }));
        VaultAssert.NoContent(await vault.WriteAsync("auth/people/staff/users/bob", new JsonObject { ["password"] = "pw" }));

        var token = (await vault.WriteAsync("auth/people/staff/login/bob", new JsonObject { ["password"] = "pw" }, token: null))!.Auth!["client_token"]!.GetValue<string>();

        Assert.Equal("people-staff-bob", VaultAssert.Ok(await vault.ReadAsync("auth/token/lookup-self", token))["display_name"]!.GetValue<string>());
    }

    [Fact]
    public void Verify_UnknownUser_RunsBcryptAgainstADummyHashOfTheSameCost()
    {
        Assert.Matches($@"^\$2[aby]\${UserpassPasswords.WorkFactor}\$", UserpassPasswords.DummyHash);
        var real = UserpassPasswords.Hash("pw-1");
        Assert.True(UserpassPasswords.Verify("pw-1", real));
        Assert.False(UserpassPasswords.Verify("pw-1", null));
        Assert.False(UserpassPasswords.Verify("pw-1", "not-a-bcrypt-hash"));

        // An unknown user is checked against the dummy, a real bcrypt hash of the same cost, so it costs one bcrypt run too.
        Assert.Equal(UserpassPasswords.DummyHash, UserpassPasswords.HashToCheck(null));
        Assert.Equal(UserpassPasswords.DummyHash, UserpassPasswords.HashToCheck(""));
        Assert.Equal(real, UserpassPasswords.HashToCheck(real));
        Assert.Equal(real[..7], UserpassPasswords.DummyHash[..7]);
    }
}

using Serverless.Vault.Core.Policies;

namespace Serverless.Vault.Core.Tests.Policies;

public sealed class CapabilityNamesTests
{
    [Fact]
    public void Of_EveryCapability_ListsInVaultOrder()
    {
        var all = Capability.Create | Capability.Read | Capability.Update | Capability.Patch | Capability.Delete | Capability.List | Capability.Sudo;

        Assert.Equal(["sudo", "read", "list", "update", "delete", "create", "patch"], CapabilityNames.Of(all));
    }

    [Theory]
    [InlineData(Capability.None)]
    [InlineData(Capability.Deny)]
    public void Of_NothingOrDeny_ReturnsDeny(Capability capabilities)
    {
        Assert.Equal(["deny"], CapabilityNames.Of(capabilities));
    }

    [Fact]
    public void TryParse_EveryValidName_RoundTrips()
    {
        foreach (var name in CapabilityNames.Valid)
        {
            Assert.True(CapabilityNames.TryParse(name, out var capability));
            Assert.Equal([name], CapabilityNames.Of(capability));
        }
    }

    [Theory]
    [InlineData("reed")]
    [InlineData("READ")]
    [InlineData("root")]
    [InlineData("scan")]
    public void TryParse_UnknownName_ReturnsFalse(string name)
    {
        Assert.False(CapabilityNames.TryParse(name, out _));
    }
}

using System.Text.Json.Nodes;

namespace Serverless.Vault.Infra.Tests;

/// <summary>What `azd up` would create, read from offline snapshots of infra/main.bicep for each kind of deployment.</summary>
public sealed class MainTemplateTests
{
    private const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string KeyVaultCryptoServiceEncryptionUser = "e147488a-f6f5-4113-8e2d-b22465e65bf6";
    private const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";

    private static readonly Dictionary<string, string> Peered = new()
    {
        ["customerVnetId"] = $"'{TemplateSnapshot.CustomerVnetId}'",
        ["customerAddressPrefixes"] = "['10.0.0.0/16', '192.168.0.0/24']",
    };

    [Fact]
    public async Task Default_StorageAccounts_PrivateAndKeyless()
    {
        var snapshot = await TemplateSnapshot.CreateAsync(new Dictionary<string, string>());

        var accounts = snapshot.OfType("Microsoft.Storage/storageAccounts");
        Assert.Equal(2, accounts.Count);
        Assert.All(accounts, account =>
        {
            var properties = account["properties"]!;
            Assert.False(properties["allowSharedKeyAccess"]!.GetValue<bool>());
            Assert.False(properties["allowBlobPublicAccess"]!.GetValue<bool>());
            Assert.Equal("Disabled", properties["publicNetworkAccess"]!.GetValue<string>());
            Assert.Equal("Deny", properties["networkAcls"]!["defaultAction"]!.GetValue<string>());
        });
        Assert.Single(snapshot.OfType("Microsoft.Storage/storageAccounts/tableServices/tables"));
        Assert.Single(snapshot.OfType("Microsoft.Storage/storageAccounts/blobServices/containers"));
    }

    [Fact]
    public async Task Default_KeyVault_RbacPurgeProtectedPrivate_RsaSealKey()
    {
        var snapshot = await TemplateSnapshot.CreateAsync(new Dictionary<string, string>());

        var vault = Assert.Single(snapshot.OfType("Microsoft.KeyVault/vaults"))["properties"]!;
        Assert.True(vault["enableRbacAuthorization"]!.GetValue<bool>());
        Assert.True(vault["enableSoftDelete"]!.GetValue<bool>());
        Assert.True(vault["enablePurgeProtection"]!.GetValue<bool>());
        Assert.Equal("Disabled", vault["publicNetworkAccess"]!.GetValue<string>());
        var key = Assert.Single(snapshot.OfType("Microsoft.KeyVault/vaults/keys"))["properties"]!;
        Assert.Equal("RSA", key["kty"]!.GetValue<string>());
        Assert.Equal(["wrapKey", "unwrapKey"], key["keyOps"]!.AsArray().Select(op => op!.GetValue<string>()));
    }

    [Fact]
    public async Task PremiumKeyVault_SealKey_IsHsmBacked()
    {
        var snapshot = await TemplateSnapshot.CreateAsync(new Dictionary<string, string> { ["keyVaultSku"] = "'premium'" });

        Assert.Equal("premium", Assert.Single(snapshot.OfType("Microsoft.KeyVault/vaults"))["properties"]!["sku"]!["name"]!.GetValue<string>());
        Assert.Equal("RSA-HSM", Assert.Single(snapshot.OfType("Microsoft.KeyVault/vaults/keys"))["properties"]!["kty"]!.GetValue<string>());
    }

    [Fact]
    public async Task Default_RoleAssignments_EachRoleScopedToItsOneResource()
    {
        var snapshot = await TemplateSnapshot.CreateAsync(new Dictionary<string, string>());

        var scopes = snapshot.OfType("Microsoft.Authorization/roleAssignments").ToDictionary(
            assignment => assignment["properties"]!["roleDefinitionId"]!.GetValue<string>().Split('/')[^1],
            assignment => assignment["id"]!.GetValue<string>());
        Assert.Equal(4, scopes.Count);
        Assert.Contains("/storageAccounts/stdata", scopes[StorageTableDataContributor], StringComparison.Ordinal);
        Assert.Contains("/storageAccounts/sthost", scopes[StorageBlobDataOwner], StringComparison.Ordinal);
        Assert.Contains("/vaults/kv-", scopes[KeyVaultCryptoServiceEncryptionUser], StringComparison.Ordinal);
        Assert.Contains("/keys/vault-seal/providers/Microsoft.Authorization/", scopes[KeyVaultCryptoServiceEncryptionUser], StringComparison.Ordinal);
        Assert.Contains("/components/appi-", scopes[MonitoringMetricsPublisher], StringComparison.Ordinal);
        Assert.All(snapshot.OfType("Microsoft.Authorization/roleAssignments"), assignment =>
            Assert.Equal("ServicePrincipal", assignment["properties"]!["principalType"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Default_FunctionApp_FlexPrivateIdentityOnly()
    {
        var snapshot = await TemplateSnapshot.CreateAsync(new Dictionary<string, string>());

        var plan = Assert.Single(snapshot.OfType("Microsoft.Web/serverfarms"));
        Assert.Equal("FC1", plan["sku"]!["name"]!.GetValue<string>());
        var site = Assert.Single(snapshot.OfType("Microsoft.Web/sites"));
        var properties = site["properties"]!;
        Assert.Equal("Disabled", properties["publicNetworkAccess"]!.GetValue<string>());
        Assert.EndsWith("/subnets/snet-app", properties["virtualNetworkSubnetId"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("UserAssigned", site["identity"]!["type"]!.GetValue<string>());
        var config = properties["functionAppConfig"]!;
        Assert.Equal("dotnet-isolated", config["runtime"]!["name"]!.GetValue<string>());
        Assert.Equal("10.0", config["runtime"]!["version"]!.GetValue<string>());
        Assert.Equal(40, config["scaleAndConcurrency"]!["maximumInstanceCount"]!.GetValue<int>());
        Assert.Empty(config["scaleAndConcurrency"]!["alwaysReady"]!.AsArray());
        Assert.Equal("UserAssignedIdentity", config["deployment"]!["storage"]!["authentication"]!["type"]!.GetValue<string>());
        Assert.Equal("vault", site["tags"]!["azd-service-name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Default_AppSettings_EverythingTheVaultReads_NothingSecret()
    {
        var snapshot = await TemplateSnapshot.CreateAsync(new Dictionary<string, string>());

        var settings = Assert.Single(snapshot.OfType("Microsoft.Web/sites"))["properties"]!["siteConfig"]!["appSettings"]!.AsArray()
            .OfType<JsonObject>().ToDictionary(s => s["name"]!.GetValue<string>(), s => s["value"]!.GetValue<string>());
        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
        Assert.Equal("azurekeyvault", settings["Vault__Seal__Type"]);
        Assert.Contains("keyUri", settings["Vault__Seal__KeyId"], StringComparison.Ordinal);
        Assert.Contains("primaryEndpoints.table", settings["Vault__Storage__ServiceUri"], StringComparison.Ordinal);
        Assert.Contains("clientId", settings["Vault__Storage__ManagedIdentityClientId"], StringComparison.Ordinal);
        Assert.Equal("stdout", settings["Vault__Audit__StartupDevice"]);
        Assert.DoesNotContain(settings, s => s.Key is "AzureWebJobsStorage" or "Vault__Storage__ConnectionString" or "Vault__Seal__Key");
        Assert.All(settings.Values, value =>
        {
            Assert.DoesNotContain("AccountKey", value, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("listKeys", value, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("SharedAccessSignature", value, StringComparison.OrdinalIgnoreCase);
        });
    }

    [Fact]
    public async Task Default_PrivateEndpoints_OnePerServiceInItsLinkedZone()
    {
        var snapshot = await TemplateSnapshot.CreateAsync(new Dictionary<string, string>());

        var groups = snapshot.OfType("Microsoft.Network/privateEndpoints")
            .Select(endpoint => endpoint["properties"]!["privateLinkServiceConnections"]![0]!["properties"]!["groupIds"]![0]!.GetValue<string>())
            .Order(StringComparer.Ordinal);
        Assert.Equal(["blob", "sites", "table", "vault"], groups);
        Assert.Equal(4, snapshot.OfType("Microsoft.Network/privateEndpoints/privateDnsZoneGroups").Count);
        Assert.Equal(4, snapshot.OfType("Microsoft.Network/privateDnsZones").Count);
        var links = snapshot.OfType("Microsoft.Network/privateDnsZones/virtualNetworkLinks");
        Assert.Equal(4, links.Count);
        Assert.All(links, link => Assert.Contains("vault-network", link["name"]!.GetValue<string>(), StringComparison.Ordinal));
        Assert.Empty(snapshot.OfType("Microsoft.Network/virtualNetworks/virtualNetworkPeerings"));
        Assert.Empty(snapshot.OfType("Microsoft.DBforPostgreSQL/flexibleServers"));
    }

    [Fact]
    public async Task Peered_WithoutCustomerRights_OnlyOurSideAndOutputsForTheCustomer()
    {
        var snapshot = await TemplateSnapshot.CreateAsync(Peered);

        var peering = Assert.Single(snapshot.OfType("Microsoft.Network/virtualNetworks/virtualNetworkPeerings"));
        Assert.Equal(TemplateSnapshot.CustomerVnetId, peering["properties"]!["remoteVirtualNetwork"]!["id"]!.GetValue<string>());
        Assert.StartsWith($"/subscriptions/{TemplateSnapshot.SubscriptionId}/", peering["id"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain(snapshot.OfType("Microsoft.Network/privateDnsZones/virtualNetworkLinks"), link => link["name"]!.GetValue<string>().Contains("customer-network", StringComparison.Ordinal));
        Assert.Contains("/virtualNetworks/vnet-vault-", snapshot.Outputs["VAULT_VNET_ID"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("10.240.0.0/22", snapshot.Outputs["VAULT_VNET_ADDRESS_SPACE"]!.GetValue<string>());
        Assert.False(snapshot.Outputs["CUSTOMER_SIDE_DEPLOYED"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Peered_WithCustomerRights_ReversePeeringInCustomerGroupAndDnsLinks()
    {
        var snapshot = await TemplateSnapshot.CreateAsync(new Dictionary<string, string>(Peered) { ["manageCustomerSide"] = "true" });

        var peerings = snapshot.OfType("Microsoft.Network/virtualNetworks/virtualNetworkPeerings");
        Assert.Equal(2, peerings.Count);
        var reverse = Assert.Single(peerings, p => p["id"]!.GetValue<string>().StartsWith(TemplateSnapshot.CustomerVnetId + "/", StringComparison.Ordinal));
        Assert.Contains("/virtualNetworks/vnet-vault-", reverse["properties"]!["remoteVirtualNetwork"]!["id"]!.GetValue<string>(), StringComparison.Ordinal);
        var customerLinks = snapshot.OfType("Microsoft.Network/privateDnsZones/virtualNetworkLinks")
            .Where(link => link["name"]!.GetValue<string>().Contains("customer-network", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, customerLinks.Count);
        Assert.All(customerLinks, link => Assert.Equal(TemplateSnapshot.CustomerVnetId, link["properties"]!["virtualNetwork"]!["id"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("['10.240.2.0/24']")]
    [InlineData("['192.168.0.0/16', '10.240.3.255/32']")]
    public async Task OverlappingAddressSpaces_Refused(string customerPrefixes)
    {
        var (snapshot, output) = await TemplateSnapshot.TryCreateAsync(new Dictionary<string, string>(Peered) { ["customerAddressPrefixes"] = customerPrefixes });

        Assert.Null(snapshot);
        Assert.Contains("overlaps the customer network", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdjacentAddressSpaces_Accepted()
    {
        var snapshot = await TemplateSnapshot.CreateAsync(new Dictionary<string, string>(Peered) { ["customerAddressPrefixes"] = "['10.240.4.0/22', '10.239.255.0/24']" });

        Assert.Single(snapshot.OfType("Microsoft.Network/virtualNetworks/virtualNetworkPeerings"));
    }

    [Fact]
    public async Task CustomerVnetWithoutAddressPrefixes_Refused()
    {
        var (snapshot, output) = await TemplateSnapshot.TryCreateAsync(new Dictionary<string, string> { ["customerVnetId"] = $"'{TemplateSnapshot.CustomerVnetId}'" });

        Assert.Null(snapshot);
        Assert.Contains("customerAddressPrefixes is required", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Postgres_PrivateAccessInDelegatedSubnetWithLinkedZone()
    {
        var snapshot = await TemplateSnapshot.CreateAsync(new Dictionary<string, string>
        {
            ["deployPostgres"] = "true",
            ["postgresAdministratorPassword"] = "'an-example-password-for-tests'",
        });

        var server = Assert.Single(snapshot.OfType("Microsoft.DBforPostgreSQL/flexibleServers"))["properties"]!;
        Assert.Equal("Disabled", server["network"]!["publicNetworkAccess"]!.GetValue<string>());
        Assert.EndsWith("/subnets/snet-postgres", server["network"]!["delegatedSubnetResourceId"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains(".private.postgres.database.azure.com", server["network"]!["privateDnsZoneArmResourceId"]!.GetValue<string>(), StringComparison.Ordinal);
        var subnets = Assert.Single(snapshot.OfType("Microsoft.Network/virtualNetworks"))["properties"]!["subnets"]!.AsArray();
        Assert.Contains(subnets, subnet => subnet!["properties"]!["delegations"]?[0]?["properties"]!["serviceName"]!.GetValue<string>() == "Microsoft.DBforPostgreSQL/flexibleServers");
    }

    [Fact]
    public async Task PostgresWithoutPassword_Refused()
    {
        var (snapshot, output) = await TemplateSnapshot.TryCreateAsync(new Dictionary<string, string> { ["deployPostgres"] = "true" });

        Assert.Null(snapshot);
        Assert.Contains("postgresAdministratorPassword", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublicAccessAndWarmInstances_AreParameters()
    {
        var snapshot = await TemplateSnapshot.CreateAsync(new Dictionary<string, string>
        {
            ["publicNetworkAccess"] = "true",
            ["alwaysReadyInstances"] = "2",
            ["maximumInstanceCount"] = "100",
        });

        var properties = Assert.Single(snapshot.OfType("Microsoft.Web/sites"))["properties"]!;
        Assert.Equal("Enabled", properties["publicNetworkAccess"]!.GetValue<string>());
        var scale = properties["functionAppConfig"]!["scaleAndConcurrency"]!;
        Assert.Equal(2, scale["alwaysReady"]![0]!["instanceCount"]!.GetValue<int>());
        Assert.Equal("http", scale["alwaysReady"]![0]!["name"]!.GetValue<string>());
        Assert.Equal(100, scale["maximumInstanceCount"]!.GetValue<int>());
    }
}

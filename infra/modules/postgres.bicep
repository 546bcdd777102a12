// Optional: an Azure Database for PostgreSQL flexible server on private access (injected into the vault network), for
// trying dynamic database credentials. Its private DNS zone is linked to the vault network and the customer's.

param name string

param location string

param tags object

param subnetId string

param privateDnsZoneId string

param administratorLogin string

@secure()
param administratorPassword string

resource server 'Microsoft.DBforPostgreSQL/flexibleServers@2025-08-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: 'Standard_B1ms'
    tier: 'Burstable'
  }
  properties: {
    version: '16'
    administratorLogin: administratorLogin
    administratorLoginPassword: administratorPassword
    authConfig: {
      passwordAuth: 'Enabled'
      activeDirectoryAuth: 'Disabled'
    }
    storage: { storageSizeGB: 32 }
    network: {
      delegatedSubnetResourceId: subnetId
      privateDnsZoneArmResourceId: privateDnsZoneId
      publicNetworkAccess: 'Disabled'
    }
    highAvailability: { mode: 'Disabled' }
    backup: {
      backupRetentionDays: 7
      geoRedundantBackup: 'Disabled'
    }
  }
}

output id string = server.id
output fqdn string = server.properties.fullyQualifiedDomainName

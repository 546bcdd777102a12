// Everything in the vault's resource group: identity, network, private DNS, storage, seal, monitoring, the Function App,
// its role assignments, our side of the customer peering and the optional PostgreSQL server.

param location string

param tags object

@description('Suffix that makes global names unique.')
param token string

param vnetName string

param vnetAddressPrefix string

param customerVnetId string

@description('Whether this deployment may also change the customer network (DNS zone links to it).')
param manageCustomerSide bool

param publicNetworkAccess bool

param alwaysReadyInstances int

param maximumInstanceCount int

param instanceMemoryMB int

param keyVaultSku string

param deployPostgres bool

param postgresAdministratorLogin string

@secure()
param postgresAdministratorPassword string

param auditDevice string

var tableName = 'vault'
var deploymentContainerName = 'app-package-${token}'
var dnsLinkedCustomerVnet = manageCustomerSide ? customerVnetId : ''
var postgresName = 'psql-${token}'
var identityName = 'id-vault-${token}'
var hostStorageName = 'sthost${token}'
var dataStorageName = 'stdata${token}'
var keyVaultName = 'kv-${token}'
var sealKeyName = 'vault-seal'
var appInsightsName = 'appi-vault-${token}'

// Private DNS zone per private endpoint kind (and the PostgreSQL server's own zone).
var zoneNames = {
  blob: 'privatelink.blob.${environment().suffixes.storage}'
  table: 'privatelink.table.${environment().suffixes.storage}'
  vault: 'privatelink.vaultcore.azure.net'
  sites: 'privatelink.azurewebsites.net'
}

module identity 'identity.bicep' = {
  name: 'identity'
  params: {
    name: identityName
    location: location
    tags: tags
  }
}

module network 'network.bicep' = {
  name: 'network'
  params: {
    name: vnetName
    location: location
    tags: tags
    addressPrefix: vnetAddressPrefix
    withPostgresSubnet: deployPostgres
  }
}

module zones 'private-dns-zone.bicep' = [for zone in items(zoneNames): {
  name: 'dns-${zone.key}'
  params: {
    zoneName: zone.value
    tags: tags
    vnetId: network.outputs.id
    customerVnetId: dnsLinkedCustomerVnet
  }
}]

module hostStorage 'storage.bicep' = {
  name: 'host-storage'
  params: {
    name: hostStorageName
    location: location
    tags: tags
    containers: [deploymentContainerName]
  }
}

module dataStorage 'storage.bicep' = {
  name: 'data-storage'
  params: {
    name: dataStorageName
    location: location
    tags: tags
    tables: [tableName]
  }
}

module keyVault 'key-vault.bicep' = {
  name: 'key-vault'
  params: {
    name: keyVaultName
    location: location
    tags: tags
    sku: keyVaultSku
    keyName: sealKeyName
  }
}

module monitoring 'monitoring.bicep' = {
  name: 'monitoring'
  params: {
    logAnalyticsName: 'log-vault-${token}'
    appInsightsName: appInsightsName
    location: location
    tags: tags
  }
}

// items() sorts by key: zones[0] blob, zones[1] sites, zones[2] table, zones[3] vault.
module hostBlobEndpoint 'private-endpoint.bicep' = {
  name: 'pe-host-blob'
  params: {
    name: 'pe-host-blob-${token}'
    location: location
    tags: tags
    subnetId: network.outputs.endpointSubnetId
    serviceId: hostStorage.outputs.id
    groupId: 'blob'
    dnsZoneId: zones[0].outputs.id
  }
}

module dataTableEndpoint 'private-endpoint.bicep' = {
  name: 'pe-data-table'
  params: {
    name: 'pe-data-table-${token}'
    location: location
    tags: tags
    subnetId: network.outputs.endpointSubnetId
    serviceId: dataStorage.outputs.id
    groupId: 'table'
    dnsZoneId: zones[2].outputs.id
  }
}

module sealEndpoint 'private-endpoint.bicep' = {
  name: 'pe-seal-vault'
  params: {
    name: 'pe-seal-vault-${token}'
    location: location
    tags: tags
    subnetId: network.outputs.endpointSubnetId
    serviceId: keyVault.outputs.id
    groupId: 'vault'
    dnsZoneId: zones[3].outputs.id
  }
}

// Inbound: clients in the vault network or a peered one reach the API here.
module appEndpoint 'private-endpoint.bicep' = {
  name: 'pe-app-sites'
  params: {
    name: 'pe-app-sites-${token}'
    location: location
    tags: tags
    subnetId: network.outputs.endpointSubnetId
    serviceId: app.outputs.id
    groupId: 'sites'
    dnsZoneId: zones[1].outputs.id
  }
}

module app 'function-app.bicep' = {
  name: 'function-app'
  params: {
    planName: 'plan-vault-${token}'
    appName: 'func-vault-${token}'
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    appSubnetId: network.outputs.appSubnetId
    hostBlobEndpoint: hostStorage.outputs.blobEndpoint
    deploymentContainerName: deploymentContainerName
    dataTableEndpoint: dataStorage.outputs.tableEndpoint
    tableName: tableName
    sealKeyUri: keyVault.outputs.keyUri
    appInsightsConnectionString: monitoring.outputs.connectionString
    alwaysReadyInstances: alwaysReadyInstances
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    publicNetworkAccess: publicNetworkAccess
    auditDevice: auditDevice
  }
}

module roles 'roles.bicep' = {
  name: 'roles'
  dependsOn: [dataStorage, hostStorage, keyVault, monitoring]
  params: {
    principalId: identity.outputs.principalId
    identityId: resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', identityName)
    dataStorageName: dataStorageName
    hostStorageName: hostStorageName
    keyVaultName: keyVaultName
    sealKeyName: sealKeyName
    appInsightsName: appInsightsName
  }
}

module vaultSidePeering 'peering.bicep' = if (!empty(customerVnetId)) {
  name: 'peering-vault-side'
  dependsOn: [network]
  params: {
    localVnetName: vnetName
    remoteVnetId: customerVnetId
  }
}

module postgresZone 'private-dns-zone.bicep' = if (deployPostgres) {
  name: 'dns-postgres'
  params: {
    zoneName: '${postgresName}.private.postgres.database.azure.com'
    tags: tags
    vnetId: network.outputs.id
    customerVnetId: dnsLinkedCustomerVnet
  }
}

module postgres 'postgres.bicep' = if (deployPostgres) {
  name: 'postgres'
  params: {
    name: postgresName
    location: location
    tags: tags
    subnetId: network.outputs.postgresSubnetId
    privateDnsZoneId: postgresZone.?outputs.id ?? ''
    administratorLogin: postgresAdministratorLogin
    administratorPassword: postgresAdministratorPassword
  }
}

output appName string = app.outputs.name
output appHostName string = app.outputs.defaultHostName
output vnetId string = network.outputs.id
output vnetName string = network.outputs.name
output privateDnsZoneIds string[] = [for (zone, i) in items(zoneNames): zones[i].outputs.id]
output sealKeyUri string = keyVault.outputs.keyUri
output keyVaultName string = keyVault.outputs.name
output dataStorageName string = dataStorage.outputs.name
output postgresHost string = deployPostgres ? postgres.?outputs.fqdn ?? '' : ''

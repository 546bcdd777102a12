// Serverless Vault in its own resource group, in a virtual network peered with the customer's: `azd up` deploys this.
targetScope = 'subscription'

import { overlapping } from 'modules/cidr.bicep'

@minLength(1)
@maxLength(64)
@description('azd environment name; names the resource group and tags every resource.')
param environmentName string

@minLength(1)
@description('Region of every resource.')
param location string

@description('Address space of the vault network (/22 or larger). Must not overlap the customer network.')
param vnetAddressPrefix string = '10.240.0.0/22'

@description('Resource id of the customer virtual network to peer with; empty for none.')
param customerVnetId string = ''

@description('Address prefixes of the customer network, checked against the vault network before anything is deployed.')
param customerAddressPrefixes string[] = []

@description('Whether the deployer may change the customer network: then the reverse peering and the DNS zone links to it are deployed too.')
param manageCustomerSide bool = false

@description('Whether the vault API also answers on the public Function App endpoint (off: private endpoint only).')
param publicNetworkAccess bool = false

@minValue(0)
@description('HTTP instances kept warm; 0 (the default) scales to zero and costs almost nothing while idle.')
param alwaysReadyInstances int = 0

@minValue(40)
@maxValue(1000)
@description('Maximum instance count of the Flex Consumption app.')
param maximumInstanceCount int = 40

@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

@allowed(['standard', 'premium'])
@description('Key Vault SKU; premium keeps the seal key in an HSM (RSA-HSM).')
param keyVaultSku string = 'standard'

@description('Deploy an Azure Database for PostgreSQL flexible server on private access, for trying dynamic credentials.')
param deployPostgres bool = false

param postgresAdministratorLogin string = 'vaultadmin'

@secure()
@description('Administrator password of the optional PostgreSQL server; required when deployPostgres is true.')
param postgresAdministratorPassword string = ''

@allowed(['', 'stdout', 'table'])
@description('Audit device the vault enables itself at start-up; stdout reaches Application Insights. Empty: enable devices through sys/audit.')
param auditDevice string = 'stdout'

var tags = { 'azd-env-name': environmentName }
var token = toLower(uniqueString(subscription().id, environmentName, location))
var customerIdParts = split(customerVnetId, '/')
var peered = !empty(customerVnetId)
var vnetName = 'vnet-vault-${token}'

// Fail before anything is deployed: overlapping address spaces cannot be peered, and an unchecked peering is refused.
var overlaps = overlapping(vnetAddressPrefix, customerAddressPrefixes)
var checkedVnetPrefix = !empty(overlaps)
  ? fail('vnetAddressPrefix ${vnetAddressPrefix} overlaps the customer network (${join(overlaps, ', ')}); choose another address space.')
  : peered && empty(customerAddressPrefixes)
      ? fail('customerAddressPrefixes is required with customerVnetId, so the address spaces can be checked not to overlap.')
      : vnetAddressPrefix
var checkedPostgresPassword = deployPostgres && length(postgresAdministratorPassword) < 12
  ? fail('deployPostgres needs postgresAdministratorPassword (12 characters or more).')
  : postgresAdministratorPassword

resource group 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module vault 'modules/vault.bicep' = {
  name: 'vault'
  scope: group
  params: {
    location: location
    tags: tags
    token: token
    vnetName: vnetName
    vnetAddressPrefix: checkedVnetPrefix
    customerVnetId: customerVnetId
    manageCustomerSide: manageCustomerSide
    publicNetworkAccess: publicNetworkAccess
    alwaysReadyInstances: alwaysReadyInstances
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    keyVaultSku: keyVaultSku
    deployPostgres: deployPostgres
    postgresAdministratorLogin: postgresAdministratorLogin
    postgresAdministratorPassword: checkedPostgresPassword
    auditDevice: auditDevice
  }
}

// The customer's side of the peering, in the customer's resource group: only when the deployer has rights there.
module customerSidePeering 'modules/peering.bicep' = if (peered && manageCustomerSide) {
  name: 'peering-customer-side-${token}'
  scope: resourceGroup(customerIdParts[2], customerIdParts[4])
  dependsOn: [vault]
  params: {
    localVnetName: last(customerIdParts)
    remoteVnetId: resourceId(subscription().subscriptionId, group.name, 'Microsoft.Network/virtualNetworks', vnetName)
  }
}

output AZURE_LOCATION string = location
output AZURE_RESOURCE_GROUP string = group.name
output AZURE_FUNCTION_APP_NAME string = vault.outputs.appName
@description('What applications in the vault network or a peered one set as VAULT_ADDR (resolves to the private endpoint).')
output VAULT_ADDR string = 'https://${vault.outputs.appHostName}'
@description('For the customer: the network to peer back to when this deployment could not.')
output VAULT_VNET_ID string = vault.outputs.vnetId
output VAULT_VNET_ADDRESS_SPACE string = vnetAddressPrefix
@description('Private DNS zones the customer network must be linked to (or forward to) to resolve the vault privately.')
output VAULT_PRIVATE_DNS_ZONE_IDS string[] = vault.outputs.privateDnsZoneIds
output VAULT_SEAL_KEY_URI string = vault.outputs.sealKeyUri
output VAULT_KEY_VAULT_NAME string = vault.outputs.keyVaultName
output VAULT_POSTGRES_HOST string = vault.outputs.postgresHost
output CUSTOMER_SIDE_DEPLOYED bool = peered && manageCustomerSide

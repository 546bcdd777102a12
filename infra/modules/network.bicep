// The vault's own virtual network: a subnet delegated to Flex Consumption for outbound VNet integration, a subnet for
// private endpoints, and (only with the optional PostgreSQL server) a subnet delegated to PostgreSQL flexible servers.

@description('Name of the virtual network.')
param name string

param location string

param tags object

@description('Address space of the vault network; /22 or larger, as the subnets below are cut from it.')
param addressPrefix string

@description('Whether to add the subnet the optional PostgreSQL flexible server is injected into.')
param withPostgresSubnet bool

var appSubnet = {
  name: 'snet-app'
  properties: {
    addressPrefix: cidrSubnet(addressPrefix, 24, 0)
    // Flex Consumption's VNet integration requires this delegation (and the Microsoft.App resource provider).
    delegations: [
      {
        name: 'flex'
        properties: { serviceName: 'Microsoft.App/environments' }
      }
    ]
  }
}

var endpointSubnet = {
  name: 'snet-private-endpoints'
  properties: {
    addressPrefix: cidrSubnet(addressPrefix, 24, 1)
    privateEndpointNetworkPolicies: 'Disabled'
  }
}

var postgresSubnet = {
  name: 'snet-postgres'
  properties: {
    addressPrefix: cidrSubnet(addressPrefix, 26, 8)
    delegations: [
      {
        name: 'postgres'
        properties: { serviceName: 'Microsoft.DBforPostgreSQL/flexibleServers' }
      }
    ]
  }
}

resource vnet 'Microsoft.Network/virtualNetworks@2025-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    addressSpace: { addressPrefixes: [addressPrefix] }
    subnets: withPostgresSubnet ? [appSubnet, endpointSubnet, postgresSubnet] : [appSubnet, endpointSubnet]
  }
}

output id string = vnet.id
output name string = vnet.name
output appSubnetId string = resourceId('Microsoft.Network/virtualNetworks/subnets', vnet.name, appSubnet.name)
output endpointSubnetId string = resourceId('Microsoft.Network/virtualNetworks/subnets', vnet.name, endpointSubnet.name)
output postgresSubnetId string = withPostgresSubnet ? resourceId('Microsoft.Network/virtualNetworks/subnets', vnet.name, postgresSubnet.name) : ''

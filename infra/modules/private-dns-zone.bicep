// A private DNS zone linked to the vault network and, when given, to the customer's peered network: peering does not
// share private DNS, so every network that resolves the vault's private endpoints needs its own link.

param zoneName string

param tags object

param vnetId string

@description('Resource id of the peered customer network to link as well; empty for none.')
param customerVnetId string

resource zone 'Microsoft.Network/privateDnsZones@2024-06-01' = {
  name: zoneName
  location: 'global'
  tags: tags
}

resource vaultLink 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = {
  parent: zone
  name: 'vault-network'
  location: 'global'
  tags: tags
  properties: {
    registrationEnabled: false
    virtualNetwork: { id: vnetId }
  }
}

resource customerLink 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = if (!empty(customerVnetId)) {
  parent: zone
  name: 'customer-network'
  location: 'global'
  tags: tags
  properties: {
    registrationEnabled: false
    virtualNetwork: { id: customerVnetId }
  }
}

output id string = zone.id
output name string = zone.name

// One side of a virtual network peering: from the network named here (in this module's resource group) to the
// remote network. Deployed once for the vault's side and, when the deployer may, once in the customer's resource group.

param localVnetName string

param remoteVnetId string

resource local 'Microsoft.Network/virtualNetworks@2025-05-01' existing = {
  name: localVnetName
}

resource peering 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings@2025-05-01' = {
  parent: local
  name: 'to-${last(split(remoteVnetId, '/'))}'
  properties: {
    remoteVirtualNetwork: { id: remoteVnetId }
    allowVirtualNetworkAccess: true
    allowForwardedTraffic: false
    allowGatewayTransit: false
    useRemoteGateways: false
  }
}

output id string = peering.id
output state string = peering.properties.peeringState

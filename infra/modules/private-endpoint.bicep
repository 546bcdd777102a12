// A private endpoint for one sub-resource of one service, registered in its private DNS zone.

param name string

param location string

param tags object

param subnetId string

@description('Resource id of the service the endpoint reaches.')
param serviceId string

@description('The sub-resource: blob, table, vault, sites, ...')
param groupId string

param dnsZoneId string

resource endpoint 'Microsoft.Network/privateEndpoints@2025-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    subnet: { id: subnetId }
    privateLinkServiceConnections: [
      {
        name: name
        properties: {
          privateLinkServiceId: serviceId
          groupIds: [groupId]
        }
      }
    ]
  }
}

resource zoneGroup 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2025-05-01' = {
  parent: endpoint
  name: 'default'
  properties: {
    privateDnsZoneConfigs: [
      {
        name: groupId
        properties: { privateDnsZoneId: dnsZoneId }
      }
    ]
  }
}

output id string = endpoint.id

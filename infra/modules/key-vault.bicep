// The seal: a Key Vault (RBAC, soft delete, purge protection, no public access) holding the RSA key that wraps the
// vault's root key. Premium puts the key in an HSM (RSA-HSM).

param name string

param location string

param tags object

@allowed(['standard', 'premium'])
param sku string

@description('Name of the seal key.')
param keyName string

@description('Entra tenant of the vault.')
param tenantId string = subscription().tenantId

resource vault 'Microsoft.KeyVault/vaults@2025-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenantId
    sku: { family: 'A', name: sku }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    publicNetworkAccess: 'Disabled'
    networkAcls: {
      defaultAction: 'Deny'
      bypass: 'None'
    }
  }
}

resource sealKey 'Microsoft.KeyVault/vaults/keys@2025-05-01' = {
  parent: vault
  name: keyName
  properties: {
    kty: sku == 'premium' ? 'RSA-HSM' : 'RSA'
    keySize: 3072
    keyOps: ['wrapKey', 'unwrapKey']
    attributes: { enabled: true, exportable: false }
  }
}

output id string = vault.id
output name string = vault.name
output uri string = vault.properties.vaultUri
output keyId string = sealKey.id
output keyName string = sealKey.name
@description('The versionless key URI: the seal wraps with the newest version and records which version wrapped.')
output keyUri string = sealKey.properties.keyUri

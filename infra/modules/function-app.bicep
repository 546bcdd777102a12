// The Flex Consumption plan and the Function App: .NET 10 isolated worker, the user-assigned identity for everything
// (deployment package, host storage, data, seal, telemetry), outbound through the vault network, inbound through a
// private endpoint unless public access is opened.

param planName string

param appName string

param location string

param tags object

@description('Resource id of the user-assigned identity.')
param identityId string

@description('Client id of the user-assigned identity.')
param identityClientId string

param appSubnetId string

@description('Blob endpoint of the host storage account, ending in /.')
param hostBlobEndpoint string

param deploymentContainerName string

@description('Table endpoint of the data storage account, ending in /.')
param dataTableEndpoint string

param tableName string

@description('Versionless URI of the seal key in Key Vault.')
param sealKeyUri string

param appInsightsConnectionString string

@minValue(0)
@description('HTTP instances kept warm (billed while idle); 0 lets the vault scale to zero.')
param alwaysReadyInstances int

@minValue(40)
@maxValue(1000)
@description('Upper bound on instances; also bounds how far per-instance rate limits add up.')
param maximumInstanceCount int

@allowed([512, 2048, 4096])
param instanceMemoryMB int

@description('Whether the app also answers on its public endpoint; off by default (private endpoint only).')
param publicNetworkAccess bool

@description('Audit device the vault enables on its own at start-up ("stdout" sends entries to Application Insights); empty for none.')
param auditDevice string

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2025-03-01' = {
  name: appName
  location: location
  tags: union(tags, { 'azd-service-name': 'vault' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientCertEnabled: false
    publicNetworkAccess: publicNetworkAccess ? 'Enabled' : 'Disabled'
    virtualNetworkSubnetId: appSubnetId
    siteConfig: {
      minTlsVersion: '1.2'
      appSettings: [
        // Host storage (timers, deployment) by identity: no connection string, no account key.
        { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
        { name: 'AzureWebJobsStorage__clientId', value: identityClientId }
        { name: 'AzureWebJobsStorage__blobServiceUri', value: hostBlobEndpoint }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: appInsightsConnectionString }
        { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'ClientId=${identityClientId};Authorization=AAD' }
        // What the vault reads (section "Vault"): its table by endpoint and identity, and the seal key.
        { name: 'Vault__Storage__ServiceUri', value: dataTableEndpoint }
        { name: 'Vault__Storage__TableName', value: tableName }
        { name: 'Vault__Storage__ManagedIdentityClientId', value: identityClientId }
        { name: 'Vault__Seal__Type', value: 'azurekeyvault' }
        { name: 'Vault__Seal__KeyId', value: sealKeyUri }
        { name: 'Vault__Seal__ManagedIdentityClientId', value: identityClientId }
        { name: 'Vault__Audit__StartupDevice', value: auditDevice }
      ]
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${hostBlobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        alwaysReady: alwaysReadyInstances > 0 ? [{ name: 'http', instanceCount: alwaysReadyInstances }] : []
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// No FTP or SCM basic-auth publishing: deployments go through the identity-protected blob container.
resource ftp 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: app
  name: 'ftp'
  properties: { allow: false }
}

resource scm 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: app
  name: 'scm'
  properties: { allow: false }
}

output id string = app.id
output name string = app.name
output defaultHostName string = app.properties.defaultHostName

namespace Serverless.Vault.Core.Auth.Azure;

/// <summary>What a login says about the Azure resource it runs on; only trusted where the token's xms_mirid confirms it.</summary>
internal sealed record AzureLoginResource(string SubscriptionId, string ResourceGroupName, string VmName, string VmssName, string ResourceId);

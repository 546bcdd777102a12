using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Auth.Azure;

/// <summary>
/// A role's bound_* checks. Identity bindings (oid, groups) come from the verified token. Vault checks resource
/// bindings by asking Azure's compute API about the VM; this server cannot reach it, so it trusts only the token's
/// xms_mirid claim: request values must agree with it, and a role that binds resources refuses tokens without it.
/// </summary>
internal static class AzureBindings
{
    private const string CannotVerify = "the token has no xms_mirid claim and this server does not query Azure's compute API";

    public static bool IsWildcard(IReadOnlyList<string> values) => values is ["*"];

    public static void CheckIdentity(AzureRole role, string objectId, IReadOnlyList<string> groups)
    {
        if (role.BoundServicePrincipalIds.Count > 0 && !IsWildcard(role.BoundServicePrincipalIds) && !Contains(role.BoundServicePrincipalIds, objectId))
        {
            throw VaultException.InvalidRequest($"service principal not authorized: {objectId}");
        }

        if (role.BoundGroupIds.Count > 0 && !IsWildcard(role.BoundGroupIds) && !groups.Any(g => Contains(role.BoundGroupIds, g)))
        {
            throw VaultException.InvalidRequest("groups not authorized");
        }
    }

    /// <summary>Checks the login's resource fields against the token's resource id, then the role's resource bindings.</summary>
    public static void CheckResource(AzureRole role, AzureResourceId? resource, AzureLoginResource request)
    {
        if (resource is not null)
        {
            Agree(request.SubscriptionId, resource.SubscriptionId, "subscription_id");
            Agree(request.ResourceGroupName, resource.ResourceGroup, "resource_group_name");
            Agree(request.ResourceId, resource.Id, "resource_id");
            if (resource.IsType(AzureResourceId.VirtualMachine))
            {
                Agree(request.VmName, resource.Name, "vm_name");
            }

            if (resource.IsType(AzureResourceId.ScaleSet))
            {
                Agree(request.VmssName, resource.Name, "vmss_name");
            }
        }

        if (role.BoundSubscriptionIds.Count > 0 || role.BoundResourceGroups.Count > 0)
        {
            if (resource is null)
            {
                throw VaultException.InvalidRequest($"unable to verify subscription_id and resource_group_name: {CannotVerify}");
            }

            if (role.BoundSubscriptionIds.Count > 0 && !Contains(role.BoundSubscriptionIds, resource.SubscriptionId))
            {
                throw VaultException.InvalidRequest("subscription not authorized");
            }

            if (role.BoundResourceGroups.Count > 0 && !Contains(role.BoundResourceGroups, resource.ResourceGroup))
            {
                throw VaultException.InvalidRequest("resource group not authorized");
            }
        }

        if (role.BoundScaleSets.Count > 0 && (resource is null || !resource.IsType(AzureResourceId.ScaleSet) || !Contains(role.BoundScaleSets, resource.Name)))
        {
            throw VaultException.InvalidRequest(resource is null ? $"unable to verify the scale set: {CannotVerify}" : "scale set not authorized");
        }

        if (role.BoundLocations.Count > 0)
        {
            // A token carries no location: only the compute API knows it, so location-bound roles fail closed.
            throw VaultException.InvalidRequest("unable to verify the location: bound_locations needs Azure's compute API, which this server does not query");
        }
    }

    private static void Agree(string requested, string verified, string field)
    {
        if (requested.Length > 0 && !string.Equals(requested, verified, StringComparison.OrdinalIgnoreCase))
        {
            throw VaultException.InvalidRequest($"{field} does not match the token's managed identity (xms_mirid claim)");
        }
    }

    private static bool Contains(IReadOnlyList<string> values, string value) => values.Contains(value, StringComparer.OrdinalIgnoreCase);
}

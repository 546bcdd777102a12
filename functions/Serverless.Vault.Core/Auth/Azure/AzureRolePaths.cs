using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Auth.Azure;

/// <summary>role/{name} and the role list.</summary>
internal static class AzureRolePaths
{
    private static readonly Field<IReadOnlyList<string>> ServicePrincipals = Fields.StringList("bound_service_principal_ids", "Object ids (oid) that may log in; \"*\" for any.");
    private static readonly Field<IReadOnlyList<string>> Groups = Fields.StringList("bound_group_ids", "Group ids, one of which the token's groups claim must hold; \"*\" for any.");
    private static readonly Field<IReadOnlyList<string>> Subscriptions = Fields.StringList("bound_subscription_ids", "Subscriptions the resource must be in.");
    private static readonly Field<IReadOnlyList<string>> ResourceGroups = Fields.StringList("bound_resource_groups", "Resource groups the resource must be in.");
    private static readonly Field<IReadOnlyList<string>> Locations = Fields.StringList("bound_locations", "Locations the resource must be in (cannot be verified here: logins are refused).");
    private static readonly Field<IReadOnlyList<string>> ScaleSets = Fields.StringList("bound_scale_sets", "Scale sets the resource must belong to.");

    private static readonly LoginRolePaths<AzureRole> Paths = new(
        [ServicePrincipals, Groups, Subscriptions, ResourceGroups, Locations, ScaleSets, .. TokenParamFields.All], Apply, Describe, Validate);

    public static IEnumerable<PathSpec> Specs => Paths.Specs;

    private static AzureRole Apply(RequestContext context, AzureRole current) => current with
    {
        BoundServicePrincipalIds = context.GetOr(ServicePrincipals, current.BoundServicePrincipalIds),
        BoundGroupIds = context.GetOr(Groups, current.BoundGroupIds),
        BoundSubscriptionIds = context.GetOr(Subscriptions, current.BoundSubscriptionIds),
        BoundResourceGroups = context.GetOr(ResourceGroups, current.BoundResourceGroups),
        BoundLocations = context.GetOr(Locations, current.BoundLocations),
        BoundScaleSets = context.GetOr(ScaleSets, current.BoundScaleSets),
        Token = TokenParamFields.Apply(current.Token, context.Input),
    };

    private static JsonObject Describe(AzureRole role)
    {
        var data = new JsonObject
        {
            ["bound_service_principal_ids"] = Strings(role.BoundServicePrincipalIds),
            ["bound_group_ids"] = Strings(role.BoundGroupIds),
            ["bound_subscription_ids"] = Strings(role.BoundSubscriptionIds),
            ["bound_resource_groups"] = Strings(role.BoundResourceGroups),
            ["bound_locations"] = Strings(role.BoundLocations),
            ["bound_scale_sets"] = Strings(role.BoundScaleSets),
        };
        TokenParamFields.Describe(role.Token, data);
        return data;
    }

    private static void Validate(AzureRole role)
    {
        if (role.BoundServicePrincipalIds.Count == 0 && role.BoundGroupIds.Count == 0 && !role.BindsResource)
        {
            throw VaultException.InvalidRequest("must have at least one bound constraint when creating/updating a role");
        }

        if (AzureBindings.IsWildcard(role.BoundServicePrincipalIds) && AzureBindings.IsWildcard(role.BoundGroupIds))
        {
            throw VaultException.InvalidRequest("expected specific bound_group_ids or bound_service_principal_ids; both cannot be '*'");
        }
    }

    private static JsonArray Strings(IEnumerable<string> values) => LoginRolePaths<AzureRole>.Strings(values);
}

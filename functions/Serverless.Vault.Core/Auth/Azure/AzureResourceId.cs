namespace Serverless.Vault.Core.Auth.Azure;

/// <summary>
/// An Azure resource id as a managed identity token's xms_mirid claim carries it:
/// /subscriptions/{sub}/resourcegroups/{rg}/providers/{namespace}/{type}/{name}. Azure treats ids case-insensitively.
/// </summary>
internal sealed record AzureResourceId(string Id, string SubscriptionId, string ResourceGroup, string Type, string Name)
{
    public const string VirtualMachine = "Microsoft.Compute/virtualMachines";
    public const string ScaleSet = "Microsoft.Compute/virtualMachineScaleSets";

    public bool IsType(string type) => string.Equals(Type, type, StringComparison.OrdinalIgnoreCase);

    public static AzureResourceId? TryParse(string id)
    {
        var parts = id.Split('/', StringSplitOptions.None);
        if (parts.Length != 9 || parts[0].Length != 0
            || !parts[1].Equals("subscriptions", StringComparison.OrdinalIgnoreCase)
            || !parts[3].Equals("resourcegroups", StringComparison.OrdinalIgnoreCase)
            || !parts[5].Equals("providers", StringComparison.OrdinalIgnoreCase)
            || parts.Skip(1).Any(p => p.Length == 0))
        {
            return null;
        }

        return new AzureResourceId(id, parts[2], parts[4], $"{parts[6]}/{parts[7]}", parts[8]);
    }
}

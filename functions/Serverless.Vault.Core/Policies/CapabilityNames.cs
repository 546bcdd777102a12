namespace Serverless.Vault.Core.Policies;

/// <summary>Vault's wire names for capabilities ("read", "sudo", ...).</summary>
public static class CapabilityNames
{
    /// <summary>The order Vault lists them in sys/capabilities answers.</summary>
    private static readonly (Capability Capability, string Name)[] Ordered =
    [
        (Capability.Sudo, "sudo"),
        (Capability.Read, "read"),
        (Capability.List, "list"),
        (Capability.Update, "update"),
        (Capability.Delete, "delete"),
        (Capability.Create, "create"),
        (Capability.Patch, "patch"),
    ];

    public const string Deny = "deny";

    /// <summary>Only ever reported for root tokens; it cannot be written in a policy.</summary>
    public const string Root = "root";

    /// <summary>Every name a policy may use, in the order error messages list them.</summary>
    public static IReadOnlyList<string> Valid { get; } = ["create", "read", "update", "patch", "delete", "list", "sudo", Deny];

    public static bool TryParse(string name, out Capability capability)
    {
        ArgumentNullException.ThrowIfNull(name);
        capability = name switch
        {
            Deny => Capability.Deny,
            "create" => Capability.Create,
            "read" => Capability.Read,
            "update" => Capability.Update,
            "patch" => Capability.Patch,
            "delete" => Capability.Delete,
            "list" => Capability.List,
            "sudo" => Capability.Sudo,
            _ => Capability.None,
        };
        return capability != Capability.None;
    }

    /// <summary>Renders a set as Vault does for sys/capabilities: ["deny"] when it denies or grants nothing.</summary>
    public static IReadOnlyList<string> Of(Capability capabilities)
    {
        if (capabilities.HasFlag(Capability.Deny))
        {
            return [Deny];
        }

        var names = new List<string>(Ordered.Length);
        foreach (var (capability, name) in Ordered)
        {
            if (capabilities.HasFlag(capability))
            {
                names.Add(name);
            }
        }

        return names.Count == 0 ? [Deny] : names;
    }
}

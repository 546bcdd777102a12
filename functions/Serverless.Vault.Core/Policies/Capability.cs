namespace Serverless.Vault.Core.Policies;

/// <summary>What a policy path rule grants; the bit values are Vault's, so bitmaps compare across the two.</summary>
[Flags]
public enum Capability
{
    None = 0,

    /// <summary>Overrides every other capability of the same pattern, sudo included.</summary>
    Deny = 1 << 0,
    Create = 1 << 1,
    Read = 1 << 2,
    Update = 1 << 3,
    Delete = 1 << 4,
    List = 1 << 5,

    /// <summary>Needed in addition to the operation's capability on root-protected paths.</summary>
    Sudo = 1 << 6,
    Patch = 1 << 7,
}

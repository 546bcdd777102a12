namespace Serverless.Vault.Core.Policies;

/// <summary>
/// Bounds on a policy document. Policies are parsed on every token's first use, so a hostile or runaway document
/// must cost little; real policies are a few kilobytes with a handful of levels and at most hundreds of paths.
/// </summary>
internal static class PolicyLimits
{
    public const int MaxTextBytes = 1024 * 1024;

    public const int MaxDepth = 16;

    public const int MaxPaths = 10_000;
}

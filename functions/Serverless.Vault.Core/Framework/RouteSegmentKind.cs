namespace Serverless.Vault.Core.Framework;

/// <summary>The kinds of template segment, in order of specificity (most specific first).</summary>
public enum RouteSegmentKind
{
    Literal,
    Parameter,
    CatchAll,
}

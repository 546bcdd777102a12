namespace Serverless.Vault.Core.Framework;

/// <summary>The logical operation of a request, derived from the HTTP verb as Vault does.</summary>
public enum Operation
{
    Read,
    Create,
    Update,
    Patch,
    Delete,
    List,

    /// <summary>HEAD: only sys/health answers it.</summary>
    Header,
}

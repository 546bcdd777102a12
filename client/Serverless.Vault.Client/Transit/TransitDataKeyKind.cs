namespace Serverless.Vault.Client.Transit;

/// <summary>Whether <see cref="TransitClient.GenerateDataKeyAsync"/> also returns the data key in the clear.</summary>
public enum TransitDataKeyKind
{
    /// <summary>The key in the clear and wrapped (<c>datakey/plaintext</c>).</summary>
    Plaintext,

    /// <summary>The wrapped key only (<c>datakey/wrapped</c>), for storing now and unwrapping later with decrypt.</summary>
    Wrapped,
}

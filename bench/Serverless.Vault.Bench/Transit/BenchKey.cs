namespace Serverless.Vault.Bench.Transit;

/// <summary>The names the benchmark creates, and the least-privilege policy its token gets.</summary>
internal static class BenchKey
{
    public const string Mount = "transit";

    public const string Name = "bench";

    public const string PolicyName = "bench-transit";

    public const string EncryptPath = Mount + "/encrypt/" + Name;

    /// <summary>The HTTP baseline: same mount, routing, token lookup, ACL and cached key lookup as encrypt, no cryptography.</summary>
    public const string KeyPath = Mount + "/keys/" + Name;

    /// <summary>A diagnostic: a POST with the same 1 KiB body through the same mount, no named key, only SHA-256.</summary>
    public const string HashPath = Mount + "/hash/sha2-256";

    // A non-root token, so the ACL is evaluated as for a real client rather than short-cut for root.
    public const string Policy =
        "path \"" + EncryptPath + "\" { capabilities = [\"update\"] }\n" +
        "path \"" + KeyPath + "\" { capabilities = [\"read\"] }\n" +
        "path \"" + HashPath + "\" { capabilities = [\"update\"] }\n";
}

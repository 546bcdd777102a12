using System.Security.Cryptography;

namespace Serverless.Vault.Core.Security;

/// <summary>Random identifiers in Vault's shapes, from the OS cryptographic generator.</summary>
public static class RandomIds
{
    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /// <summary>A uniformly random base62 string (GetString rejects bias itself).</summary>
    public static string Base62String(int length) => RandomNumberGenerator.GetString(Base62, length);

    /// <summary>A service token: "hvs." and 24 base62 characters, as Vault issues them.</summary>
    public static string ServiceToken() => "hvs." + Base62String(24);

    /// <summary>A token accessor: 24 base62 characters.</summary>
    public static string Accessor() => Base62String(24);

    /// <summary>A random (version 4) UUID, lower-case with dashes; from the buffered generator, as one is made per request.</summary>
    public static string Uuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        BufferedRandom.Fill(bytes);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x40); // version 4
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes, bigEndian: true).ToString("D");
    }

    /// <summary>A mount accessor such as "kv_1a2b3c4d".</summary>
    public static string MountAccessor(string type) => $"{type}_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
}

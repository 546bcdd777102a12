using System.Security.Cryptography;

namespace Serverless.Vault.Load.Client;

/// <summary>Random payloads of a given size, made once at setup.</summary>
internal static class Payloads
{
    public static byte[] Bytes(int size) => RandomNumberGenerator.GetBytes(Math.Max(0, size));

    public static string Base64(int size) => Convert.ToBase64String(Bytes(size));

    /// <summary>Printable text of exactly <paramref name="size"/> characters (a KV value of that many bytes).</summary>
    public static string Text(int size) => RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", Math.Max(1, size));

    public static string Suffix() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
}

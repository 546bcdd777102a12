using System.Text.Json.Nodes;

namespace Serverless.Vault.Client.Kv;

/// <summary>The <c>data.keys</c> of a LIST answer, shared by both KV versions.</summary>
internal static class KvKeys
{
    /// <summary>The mount alone when the folder is empty (the mount's root), else mount/folder.</summary>
    public static string Folder(string prefix, string path) =>
        path.Trim('/').Length == 0 ? prefix : $"{prefix}/{path.Trim('/')}";

    public static IReadOnlyList<string> From(VaultResponse? response) =>
        response?.Data?["keys"] is JsonArray keys ? [.. keys.Select(k => k!.GetValue<string>())] : [];
}

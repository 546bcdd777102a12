namespace Serverless.Vault.Core.Auth.Azure;

/// <summary>Vault's Azure cloud names and the Entra ID login host of each.</summary>
internal static class AzureEnvironments
{
    public const string Default = "AzurePublicCloud";

    private static readonly Dictionary<string, string> LoginHosts = new(StringComparer.OrdinalIgnoreCase)
    {
        ["AzurePublicCloud"] = "login.microsoftonline.com",
        ["AzureUSGovernmentCloud"] = "login.microsoftonline.us",
        ["AzureChinaCloud"] = "login.chinacloudapi.cn",
        ["AzureGermanCloud"] = "login.microsoftonline.de",
    };

    public static bool IsKnown(string name) => LoginHosts.ContainsKey(name);

    public static string LoginHost(string name) => LoginHosts.TryGetValue(name, out var host) ? host : LoginHosts[Default];
}

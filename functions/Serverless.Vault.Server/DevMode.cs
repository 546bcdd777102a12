using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Serverless.Vault.Server;

/// <summary>Dev-mode defaults, applied only where the configuration leaves a setting open.</summary>
internal static class DevMode
{
    public const string RootTokenVariable = "VAULT_DEV_ROOT_TOKEN_ID";

    public static void Configure(WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        if (string.IsNullOrEmpty(configuration["urls"]) && string.IsNullOrEmpty(configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls(VaultServer.DevAddress);
        }

        if (string.IsNullOrEmpty(configuration["Vault:Seal:Key"]) && string.IsNullOrEmpty(configuration["Vault:Seal:KeyFile"]))
        {
            // A fresh key per run: dev storage is in memory unless configured, and then the configured key is used.
            configuration["Vault:Seal:Type"] = "local";
            configuration["Vault:Seal:Key"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        }
    }
}

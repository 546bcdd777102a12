using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Vault.Http;

namespace Serverless.Vault.Server;

/// <summary>
/// The Kestrel host. <c>dev</c> mode behaves like <c>vault server -dev</c>: 127.0.0.1:8200, in-memory storage unless
/// a Table Storage connection string is configured, initialised and unsealed at start. Without <c>dev</c> it reads
/// storage and seal from configuration and waits for sys/init.
/// </summary>
public static class VaultServer
{
    public const string DevAddress = "http://127.0.0.1:8200";

    /// <param name="args">Command line: optional <c>dev</c>, then configuration overrides.</param>
    /// <param name="configureServices">Registrations made after the vault's own (a benchmark's slow seal); null for none.</param>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? configureServices = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        var devMode = args.Length > 0 && args[0] == "dev";
        var builder = WebApplication.CreateSlimBuilder(devMode ? args[1..] : args);
        if (devMode)
        {
            DevMode.Configure(builder);
        }

        var options = new VaultHostingOptions();
        builder.Configuration.GetSection(VaultHostingOptions.SectionName).Bind(options);
        builder.Services.AddVault(options);
        builder.Services.AddHostedService<JobHostedService>();

        // Our adapter answers oversized bodies itself (413); Kestrel's own cap only needs to sit above ours.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = options.MaxRequestBytes + 1);
        builder.Services.Configure<SocketTransportOptions>(ConfigureSockets);
        if (devMode)
        {
            builder.Services.AddHostedService<DevModeStartup>();
        }

        configureServices?.Invoke(builder.Services);
        var app = builder.Build();
        app.Map("/v1/{**path}", (HttpRequest request, VaultHttpAdapter adapter, CancellationToken cancellationToken) =>
            adapter.HandleAsync(request, cancellationToken));
        return app;
    }

    /// <summary>
    /// The socket transport as the vault host runs it. A read takes its buffer at once instead of first waiting for data
    /// with a zero-byte read: Kestrel reads at most 4 KB per call, so a 140 KB batch body took about 70 receive calls
    /// instead of 35. The cost is a 4 KB buffer held by each idle connection.
    /// </summary>
    public static void ConfigureSockets(SocketTransportOptions sockets)
    {
        ArgumentNullException.ThrowIfNull(sockets);
        sockets.WaitForDataBeforeAllocatingBuffer = false;
    }
}

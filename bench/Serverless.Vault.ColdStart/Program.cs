using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Serverless.Vault.ColdStart;
using Serverless.Vault.Core.Barrier;
using Serverless.Vault.Server;

// The same executable is the driver and both measured servers, so all three start the same way (dotnet <dll>).
switch (args.FirstOrDefault())
{
    case "hello":
    {
        var app = WebApplication.CreateSlimBuilder(args[1..]).Build();
        app.MapGet("/", () => Results.Text("hello"));
        await app.RunAsync().ConfigureAwait(false);
        return 0;
    }

    case "vault":
    {
        // The vault host as configured on the command line, with a Key Vault-like 50 ms per unwrap.
        var app = VaultServer.Build(args[1..], services =>
        {
            var configured = services.Last(d => d.ServiceType == typeof(ISeal));
            services.RemoveAll<ISeal>();
            services.AddSingleton<ISeal>(provider => new SlowSeal(
                (ISeal)(configured.ImplementationInstance ?? configured.ImplementationFactory!(provider)),
                ColdStartRun.UnwrapDelay));
        });
        await app.RunAsync().ConfigureAwait(false);
        return 0;
    }

    default:
        return await ColdStartRun.RunAsync(args, Console.Out).ConfigureAwait(false);
}

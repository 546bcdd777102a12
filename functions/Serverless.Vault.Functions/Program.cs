using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serverless.Vault.Http;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
var options = new VaultHostingOptions();
builder.Configuration.GetSection(VaultHostingOptions.SectionName).Bind(options);
builder.Services.AddVault(options);

// The worker's Kestrel defaults to 30 MB; our adapter answers 413 above the vault's own limit.
builder.Services.Configure<KestrelServerOptions>(kestrel => kestrel.Limits.MaxRequestBodySize = options.MaxRequestBytes + 1);
await builder.Build().RunAsync().ConfigureAwait(false);

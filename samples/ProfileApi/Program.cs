using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using ProfileApi;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
ProfileApiServices.Add(builder.Services, builder.Configuration);
await builder.Build().RunAsync().ConfigureAwait(false);

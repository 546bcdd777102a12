using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Pipeline;

namespace Serverless.Vault.Core.Tests.Pipeline;

public sealed class BackendInvokerTests
{
    private static readonly Field<string> Name = Fields.String("name", "A name.");

    private static VaultRequest Request(Operation operation, JsonObject? data = null, bool help = false) =>
        new() { RequestId = "r", Operation = operation, Path = "things/x", Data = data ?? [], IsHelp = help };

    private static PathMatch Match(PathSpec spec) => new(spec, new Dictionary<string, string> { ["name"] = "x" });

    private static PathSpec Spec(PathHandler handler, Operation operation = Operation.Read, bool copy = false) =>
        new("things/{name}")
        {
            Fields = [Name],
            Handlers = { [operation] = handler },
            CopyDataToTopLevel = copy,
            Synopsis = "Things by name.",
            Description = "Longer words about things.",
        };

    [Fact]
    public async Task Invoke_ReadReturningNull_ThrowsNotFoundWithEmptyErrors()
    {
        var spec = Spec((_, _) => Task.FromResult<VaultResponse?>(null));

        var error = await Assert.ThrowsAsync<VaultException>(() => BackendInvoker.InvokeAsync(Request(Operation.Read), Match(spec), CancellationToken.None));

        Assert.Equal(VaultErrorKind.NotFound, error.Kind);
        Assert.Empty(error.Errors);
    }

    [Fact]
    public async Task Invoke_ListReturningNull_ThrowsNotFound()
    {
        var spec = Spec((_, _) => Task.FromResult<VaultResponse?>(null), Operation.List);

        var error = await Assert.ThrowsAsync<VaultException>(() => BackendInvoker.InvokeAsync(Request(Operation.List), Match(spec), CancellationToken.None));

        Assert.Equal(VaultErrorKind.NotFound, error.Kind);
    }

    [Fact]
    public async Task Invoke_UpdateReturningNull_ReturnsNull()
    {
        var spec = Spec((_, _) => Task.FromResult<VaultResponse?>(null), Operation.Update);

        Assert.Null(await BackendInvoker.InvokeAsync(Request(Operation.Update), Match(spec), CancellationToken.None));
    }

    [Fact]
    public async Task Invoke_CreateWithOnlyUpdateHandler_RunsUpdateHandler()
    {
        var ran = false;
        var spec = Spec((_, _) => { ran = true; return Task.FromResult<VaultResponse?>(null); }, Operation.Update);

        await BackendInvoker.InvokeAsync(Request(Operation.Create), Match(spec), CancellationToken.None);

        Assert.True(ran);
    }

    [Fact]
    public async Task Invoke_NoHandlerForOperation_ThrowsUnsupportedOperation()
    {
        var spec = Spec((_, _) => Task.FromResult<VaultResponse?>(null));

        var error = await Assert.ThrowsAsync<VaultException>(() => BackendInvoker.InvokeAsync(Request(Operation.Delete), Match(spec), CancellationToken.None));

        Assert.Equal(VaultErrorKind.UnsupportedOperation, error.Kind);
    }

    [Fact]
    public async Task Invoke_Handler_SeesRouteValuesThroughTypedFields()
    {
        string? seen = null;
        var spec = Spec((context, _) => { seen = context.Get(Name); return Task.FromResult<VaultResponse?>(VaultResponse.WithData([])); });

        await BackendInvoker.InvokeAsync(Request(Operation.Read, new JsonObject { ["name"] = "from-body" }), Match(spec), CancellationToken.None);

        Assert.Equal("x", seen);
    }

    [Fact]
    public async Task Invoke_UnknownFields_AppendsWarningAfterHandlerWarnings()
    {
        var spec = Spec((_, _) => Task.FromResult<VaultResponse?>(VaultResponse.WithWarnings(["from handler"])), Operation.Update);

        var response = await BackendInvoker.InvokeAsync(Request(Operation.Update, new JsonObject { ["b"] = 1, ["a"] = 2 }), Match(spec), CancellationToken.None);

        Assert.NotNull(response);
        Assert.Equal(["from handler", "Endpoint ignored these unrecognized parameters: [a b]"], response.Warnings);
    }

    [Fact]
    public async Task Invoke_UnknownFieldsAndNoContent_ReturnsWarningOnlyResponse()
    {
        var spec = Spec((_, _) => Task.FromResult<VaultResponse?>(null), Operation.Update);

        var response = await BackendInvoker.InvokeAsync(Request(Operation.Update, new JsonObject { ["extra"] = 1 }), Match(spec), CancellationToken.None);

        Assert.NotNull(response);
        Assert.Null(response.Data);
        Assert.Null(response.StatusCode);
        Assert.Equal(["Endpoint ignored these unrecognized parameters: [extra]"], response.Warnings);
    }

    [Fact]
    public async Task Invoke_ArbitraryInputPath_NoWarning()
    {
        var spec = new PathSpec("{*path}")
        {
            Handlers = { [Operation.Update] = (_, _) => Task.FromResult<VaultResponse?>(null) },
            TakesArbitraryInput = true,
        };

        var response = await BackendInvoker.InvokeAsync(Request(Operation.Update, new JsonObject { ["anything"] = 1 }), new PathMatch(spec, new Dictionary<string, string>()), CancellationToken.None);

        Assert.Null(response);
    }

    [Fact]
    public async Task Invoke_CopyDataToTopLevelSpec_MarksResponse()
    {
        var spec = Spec((_, _) => Task.FromResult<VaultResponse?>(VaultResponse.WithData(new JsonObject { ["k"] = "v" })), copy: true);

        var response = await BackendInvoker.InvokeAsync(Request(Operation.Read), Match(spec), CancellationToken.None);

        Assert.True(response?.CopyDataToTopLevel);
    }

    [Fact]
    public async Task Invoke_Help_ReturnsRawHelpAndDoesNotRunHandler()
    {
        var ran = false;
        var spec = Spec((_, _) => { ran = true; return Task.FromResult<VaultResponse?>(null); }, Operation.Update);

        var response = await BackendInvoker.InvokeAsync(Request(Operation.Read, help: true), Match(spec), CancellationToken.None);

        Assert.False(ran);
        var body = Assert.IsType<JsonObject>(response?.RawBody);
        Assert.Equal("## PATH\n\nthings/{name}\n\nThings by name.\n\nLonger words about things.", body["help"]!.GetValue<string>());
        var path = body["openapi"]!["paths"]!["/things/{name}"]!;
        Assert.Equal(["update"], path["operations"]!.AsArray().Select(o => o!.GetValue<string>()));
        Assert.Equal("string", path["parameters"]!["name"]!["type"]!.GetValue<string>());
    }
}

namespace Serverless.Vault.Core.Framework;

/// <summary>
/// One path of a backend, described as data: its template, fields, one handler per operation, help text.
/// </summary>
public sealed class PathSpec
{
    public PathSpec(string template)
    {
        Template = new RouteTemplate(template);
    }

    public RouteTemplate Template { get; }

    public IReadOnlyList<Field> Fields { get; init; } = [];

    public Dictionary<Operation, PathHandler> Handlers { get; } = [];

    /// <summary>Decides create versus update for writes; without one, every write is an update.</summary>
    public ExistenceCheck? Existence { get; init; }

    /// <summary>For a login path: what renewing a token it issued requires (<see cref="LoginRenewCheck"/>).</summary>
    public LoginRenewCheck? Renew { get; init; }

    public string Synopsis { get; init; } = "";

    public string Description { get; init; } = "";

    /// <summary>Served without a token (sys/health, logins).</summary>
    public bool Unauthenticated { get; init; }

    /// <summary>Served while sealed or uninitialised (sys/health, sys/seal-status, sys/init).</summary>
    public bool AllowedWhenSealed { get; init; }

    /// <summary>
    /// Not written to the audit log (Vault's list: sys/health, sys/seal-status, sys/init, sys/unseal, sys/leader):
    /// paths served while sealed, when audit devices cannot be loaded.
    /// </summary>
    public bool Unaudited => AllowedWhenSealed;

    /// <summary>Needs the sudo capability on top of the operation's own (root-protected paths such as sys/rotate).</summary>
    public bool Sudo { get; init; }

    /// <summary>
    /// The handler checks the token's rights itself (sys/internal/ui/mounts/:path answers whoever can use the mount,
    /// sys/capabilities-self whoever asks about itself); the pipeline still requires a valid token.
    /// </summary>
    public bool AuthorizedByHandler { get; init; }

    /// <summary>The body is the payload itself (KV secrets): no "unrecognized parameters" warning.</summary>
    public bool TakesArbitraryInput { get; init; }

    /// <summary>Copy <c>data</c> to the top level of the body, as Vault does for sys/mounts and friends.</summary>
    public bool CopyDataToTopLevel { get; init; }

    /// <summary>A copy whose handlers and existence check are wrapped, e.g. to run a step before each of them.</summary>
    public PathSpec Decorate(Func<PathHandler, PathHandler> handler, Func<ExistenceCheck, ExistenceCheck> existence)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(existence);
        var copy = new PathSpec(Template.Text)
        {
            Fields = Fields,
            Existence = Existence is null ? null : existence(Existence),
            Renew = Renew,
            Synopsis = Synopsis,
            Description = Description,
            Unauthenticated = Unauthenticated,
            AllowedWhenSealed = AllowedWhenSealed,
            Sudo = Sudo,
            AuthorizedByHandler = AuthorizedByHandler,
            TakesArbitraryInput = TakesArbitraryInput,
            CopyDataToTopLevel = CopyDataToTopLevel,
        };
        foreach (var (operation, inner) in Handlers)
        {
            copy.Handlers[operation] = handler(inner);
        }

        return copy;
    }

    /// <summary>The handler for an operation; a create falls back to the update handler, as in Vault.</summary>
    public PathHandler? HandlerFor(Operation operation) =>
        Handlers.TryGetValue(operation, out var handler) ? handler
        : operation == Operation.Create && Handlers.TryGetValue(Operation.Update, out var update) ? update
        : null;
}

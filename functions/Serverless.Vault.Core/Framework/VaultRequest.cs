using System.Text.Json;
using System.Text.Json.Nodes;
using Serverless.Vault.Core.Mounts;
using Serverless.Vault.Core.Storage;
using Serverless.Vault.Core.Tokens;

namespace Serverless.Vault.Core.Framework;

/// <summary>
/// A request as the core sees it: no HTTP in sight. Immutable: routing to a mount makes a new one
/// (<c>request with { Path = relative, Storage = view }</c>), nothing is restored afterwards.
/// </summary>
public sealed record VaultRequest
{
    public required string RequestId { get; init; }

    public required Operation Operation { get; init; }

    /// <summary>The path below /v1/, percent-decoded; relative to the mount once routed. A list path ends in '/'.</summary>
    public required string Path { get; init; }

    /// <summary>Body fields, or query parameters for GET and DELETE. Read, never changed in place, once the request is made.</summary>
    public JsonObject Data { get; init; } = [];

    /// <summary>
    /// The parsed body <see cref="Data"/> was made from, when nothing was added to it (no query parameters): a handler
    /// reading a large input (a transit batch) reads the document through <see cref="TryGetBody"/> without nodes per item.
    /// </summary>
    public ParsedBody? Body { get; init; }

    public string? ClientToken { get; init; }

    public string? RemoteAddress { get; init; }

    /// <summary>The X-Vault-Wrap-TTL the client asked for: the response is wrapped in a single-use token of this TTL.</summary>
    public TimeSpan? WrapTtl { get; init; }

    /// <summary>True for <c>?help=1</c>: answer with the path's help text instead of running it.</summary>
    public bool IsHelp { get; init; }

    /// <summary>The body's root object, while <see cref="Data"/> is still the object made from it; else false.</summary>
    public bool TryGetBody(out JsonElement root)
    {
        if (Body is { } body && ReferenceEquals(body.Data, Data))
        {
            root = body.Root;
            return true;
        }

        root = default;
        return false;
    }

    /// <summary>The path the client asked for, kept when <see cref="Path"/> becomes mount-relative.</summary>
    public string OriginalPath { get; init; } = "";

    /// <summary>The mount that serves the request, set by routing.</summary>
    public MountEntry? Mount { get; init; }

    /// <summary>Storage scoped to the mount, set by routing.</summary>
    public IStorage? Storage { get; init; }

    /// <summary>The caller's rights on other paths, set by the authoriser (null on unauthenticated paths).</summary>
    public IPermissionCheck? Permissions { get; init; }

    /// <summary>The caller's token, set by the token check (null on unauthenticated paths).</summary>
    public TokenEntry? Token { get; init; }
}

using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Mounts;

/// <summary>A request made relative to its mount, and the path of that mount's backend that matched it.</summary>
public sealed record RoutedRequest(VaultRequest Request, PathMatch Match);

namespace Serverless.Vault.Core.Framework;

/// <summary>One operation on one path. Returning null means "no content" (204).</summary>
public delegate Task<VaultResponse?> PathHandler(RequestContext context, CancellationToken cancellationToken);

/// <summary>Whether the target of a write exists: a write is then an update, otherwise a create (ACL tells them apart).</summary>
public delegate Task<bool> ExistenceCheck(RequestContext context, CancellationToken cancellationToken);

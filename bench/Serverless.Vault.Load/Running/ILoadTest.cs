namespace Serverless.Vault.Load.Running;

/// <summary>One kind of test: set up (mount, seed), one operation per call, clean up what setup made beyond the mounts.</summary>
internal interface ILoadTest
{
    Task SetupAsync(LoadContext context, CancellationToken cancellationToken);

    /// <summary>One operation; throws when it fails (the runner counts it as a failure and carries on).</summary>
    Task RunAsync(CancellationToken cancellationToken);

    /// <summary>Undo what setup created other than mounts, which <see cref="LoadContext"/> removes itself.</summary>
    Task CleanupAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

namespace Serverless.Vault.Core.Pipeline;

/// <summary>Settings of the request pipeline.</summary>
public sealed record PipelineOptions
{
    /// <summary>
    /// How long one request may run, storage retries included. Azure's front end drops an HTTP response that has
    /// not started within 230 seconds; a minute leaves a client time to retry elsewhere.
    /// </summary>
    public TimeSpan RequestDeadline { get; init; } = TimeSpan.FromSeconds(60);
}

namespace Serverless.Vault.Client.Tests.Configuration;

/// <summary>Counts the KV v2 data and metadata reads the client sends through it.</summary>
public sealed class CountingHandler() : DelegatingHandler(new HttpClientHandler())
{
    private int _dataReads;
    private int _metadataReads;

    public int DataReads => Volatile.Read(ref _dataReads);

    public int MetadataReads => Volatile.Read(ref _metadataReads);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        if (request.Method == HttpMethod.Get && path.StartsWith("/v1/secret/data/", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _dataReads);
        }
        else if (request.Method == HttpMethod.Get && path.StartsWith("/v1/secret/metadata/", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _metadataReads);
        }

        return base.SendAsync(request, cancellationToken);
    }
}

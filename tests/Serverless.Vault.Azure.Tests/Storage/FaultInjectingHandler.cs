using System.Net;
using System.Text;

namespace Serverless.Vault.Azure.Tests.Storage;

/// <summary>
/// Wraps the real HTTP handler and, on request, answers 503 Server Busy or hangs instead of passing the request on,
/// the way the Table service does under load. Counts what went through.
/// </summary>
internal sealed class FaultInjectingHandler() : DelegatingHandler(new SocketsHttpHandler())
{
    private readonly Lock _gate = new();
    private int _failuresLeft;
    private int _hangsLeft;
    private bool _failForever;

    public int Requests { get; private set; }

    public int InjectedFailures { get; private set; }

    public int Hangs { get; private set; }

    public int Queries { get; private set; }

    public int TableCreations { get; private set; }

    /// <summary>The largest request body passed on, in bytes; measured only while <see cref="MeasureBodies"/> is set.</summary>
    public long LargestBody { get; private set; }

    /// <summary>Buffers each request body to measure it; off by default so other tests send as the SDK does.</summary>
    public bool MeasureBodies { get; set; }

    /// <summary>Runs before a request is passed on, to make another client act at an exact point of an operation.</summary>
    public Func<HttpRequestMessage, Task>? BeforeSend { get; set; }

    public void FailNext(int count)
    {
        lock (_gate)
        {
            _failuresLeft = count;
        }
    }

    public void FailForever()
    {
        lock (_gate)
        {
            _failForever = true;
        }
    }

    public void HangNext(int count)
    {
        lock (_gate)
        {
            _hangsLeft = count;
        }
    }

    public void ResetCounts()
    {
        lock (_gate)
        {
            Requests = InjectedFailures = Hangs = Queries = TableCreations = 0;
            LargestBody = 0;
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        bool fail, hang;
        lock (_gate)
        {
            Requests++;
            if (request.Method == HttpMethod.Post && request.RequestUri!.AbsolutePath.EndsWith("/Tables", StringComparison.Ordinal))
            {
                TableCreations++;
            }

            // A query is GET …/table()?$filter=…; a point read is GET …/table(PartitionKey='…',RowKey='…').
            if (request.Method == HttpMethod.Get && request.RequestUri!.AbsolutePath.EndsWith("()", StringComparison.Ordinal))
            {
                Queries++;
            }

            fail = _failForever || _failuresLeft > 0;
            hang = !fail && _hangsLeft > 0;
            if (fail)
            {
                _failuresLeft = Math.Max(0, _failuresLeft - 1);
                InjectedFailures++;
            }
            else if (hang)
            {
                _hangsLeft--;
                Hangs++;
            }
        }

        if (fail)
        {
            return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)
            {
                RequestMessage = request,
                Content = new StringContent(
                    "{\"odata.error\":{\"code\":\"ServerBusy\",\"message\":{\"lang\":\"en-US\",\"value\":\"Injected by the test.\"}}}",
                    Encoding.UTF8,
                    "application/json"),
            };
        }

        if (hang)
        {
            // Stands for a connection that stops answering: only the client's network timeout ends it.
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        if (MeasureBodies && request.Content is { } content)
        {
            await content.LoadIntoBufferAsync(cancellationToken);
            var length = content.Headers.ContentLength ?? 0;
            lock (_gate)
            {
                LargestBody = Math.Max(LargestBody, length);
            }
        }

        if (BeforeSend is { } beforeSend)
        {
            await beforeSend(request);
        }

        return await base.SendAsync(request, cancellationToken);
    }
}

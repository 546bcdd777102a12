using System.Net;
using System.Net.Sockets;

namespace Serverless.Vault.Testing.Fixtures;

/// <summary>Free loopback TCP ports for processes started by the fixtures.</summary>
public static class FreePort
{
    /// <summary>
    /// A port the OS just handed out and released. Another process may take it before the caller binds it, so
    /// fixtures retry their start with a new port when the listener fails.
    /// </summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Waits until something accepts TCP connections on 127.0.0.1:<paramref name="port"/>.</summary>
    public static async Task<bool> WaitUntilListeningAsync(int port, TimeSpan timeout, Func<bool> gaveUp)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && !gaveUp())
        {
            using var client = new TcpClient();
            try
            {
                using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                await client.ConnectAsync(IPAddress.Loopback, port, attempt.Token).ConfigureAwait(false);
                return true;
            }
            catch (Exception exception) when (exception is SocketException or OperationCanceledException)
            {
                await Task.Delay(50).ConfigureAwait(false);
            }
        }

        return false;
    }
}

using System.Diagnostics;
using System.Net;

namespace Serverless.Vault.Server.Tests.Tokens;

/// <summary>Bounded polling for changes that reach another server process through its caches.</summary>
internal static class Eventually
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Sends <paramref name="request"/> until it answers <paramref name="status"/> or <paramref name="deadline"/>
    /// passes; returns how long that took, measured from <paramref name="since"/> (null when it never happened).
    /// </summary>
    public static async Task<TimeSpan?> StatusAsync(Func<Task<HttpResponseMessage>> request, HttpStatusCode status, Stopwatch since, TimeSpan deadline)
    {
        while (true)
        {
            using (var response = await request())
            {
                await response.Content.ReadAsStringAsync();
                if (response.StatusCode == status)
                {
                    return since.Elapsed;
                }
            }

            if (since.Elapsed > deadline)
            {
                return null;
            }

            await Task.Delay(PollInterval);
        }
    }
}

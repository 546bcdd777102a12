namespace Serverless.Vault.Testing.Fixtures;

/// <summary>
/// An exclusive lock on a file in &lt;repo&gt;/.tools, so that test processes started in parallel install a tool once.
/// FileShare.None takes an advisory lock (flock) on Unix, released when the stream closes or the process dies, so a
/// crashed install never blocks later runs.
/// </summary>
public static class ToolInstallLock
{
    public static async Task<FileStream> AcquireAsync(string name, TimeSpan timeout)
    {
        var path = Path.Combine(RepositoryRoot.ToolsFolder(), name + ".lock");
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250)).ConfigureAwait(false);
            }
        }
    }
}

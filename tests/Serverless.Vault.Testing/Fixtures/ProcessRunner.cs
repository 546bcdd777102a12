using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace Serverless.Vault.Testing.Fixtures;

/// <summary>Runs a command to completion and captures its output, for the fixtures' setup steps.</summary>
public static class ProcessRunner
{
    /// <summary>Runs <paramref name="fileName"/>; kills its process tree and throws <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public static async Task<ProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        TimeSpan timeout,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            KillTree(process);
            throw new TimeoutException($"'{fileName} {string.Join(' ', startInfo.ArgumentList)}' did not finish within {timeout}:\n{Snapshot(output)}");
        }

        // WaitForExitAsync returns once the output streams are drained as well.
        return new ProcessResult(process.ExitCode, Snapshot(output));
    }

    /// <summary>Like <see cref="RunAsync"/>, but throws <see cref="InvalidOperationException"/> with the output when the exit code is not 0.</summary>
    public static async Task<string> RunCheckedAsync(
        string fileName,
        IEnumerable<string> arguments,
        TimeSpan timeout,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var argumentList = arguments.ToList();
        var result = await RunAsync(fileName, argumentList, timeout, workingDirectory, environment).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"'{fileName} {string.Join(' ', argumentList)}' exited with {result.ExitCode}:\n{result.Output}");
        }

        return result.Output;
    }

    /// <summary>
    /// Starts a long-running process whose output is drained continuously (a full pipe would block it), keeping its last
    /// 100 lines in <paramref name="recent"/> to explain a failed start.
    /// </summary>
    public static Process StartDrained(ProcessStartInfo startInfo, ConcurrentQueue<string> recent)
    {
        ArgumentNullException.ThrowIfNull(startInfo);
        ArgumentNullException.ThrowIfNull(recent);
        startInfo.RedirectStandardOutput = true;
        startInfo.RedirectStandardError = true;
        startInfo.UseShellExecute = false;
        var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => Remember(recent, e.Data);
        process.ErrorDataReceived += (_, e) => Remember(recent, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Kills the process tree, waits up to 10 s for it to be reaped, and disposes it.</summary>
    public static async Task StopAsync(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        KillTree(process);
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Killed but not reaped in time; nothing more can be done from here.
        }

        process.Dispose();
    }

    /// <summary>Kills <paramref name="process"/> and its children; a process that already exited is left alone.</summary>
    public static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    private static void Remember(ConcurrentQueue<string> recent, string? line)
    {
        if (line is null)
        {
            return;
        }

        recent.Enqueue(line);
        while (recent.Count > 100)
        {
            recent.TryDequeue(out _);
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Snapshot(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}

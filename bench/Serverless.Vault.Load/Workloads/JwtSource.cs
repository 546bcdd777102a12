using System.Diagnostics;
using Serverless.Vault.Load.Config;
using Serverless.Vault.Load.Running;

namespace Serverless.Vault.Load.Workloads;

/// <summary>
/// The JWTs jwt_login sends, from option "jwts" (a list), "jwt_file" (one per line) or "jwt_command" (run once at
/// setup through /bin/sh; one JWT per line of its output). Logins cycle through them.
/// </summary>
internal static class JwtSource
{
    public static async Task<IReadOnlyList<string>> ReadAsync(LoadContext context, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> jwts = context.Options.Strings("jwts");
        if (jwts.Count == 0 && context.Options.StringOrNull("jwt_file") is { } file)
        {
            jwts = Lines(await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false));
        }

        if (jwts.Count == 0 && context.Options.StringOrNull("jwt_command") is { } command)
        {
            jwts = Lines(await RunAsync(command, cancellationToken).ConfigureAwait(false));
        }

        return jwts.Count > 0 ? jwts
            : throw new LoadConfigException($"test \"{context.TestName}\" needs JWTs: option \"jwts\", \"jwt_file\" or \"jwt_command\"");
    }

    private static string[] Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static async Task<string> RunAsync(string command, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("jwt_command did not start");
        var output = await process.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"jwt_command exited with {process.ExitCode}");
    }
}

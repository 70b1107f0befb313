using System.Diagnostics;

namespace DownloadModels.Tests.Oci;

/// <summary>skopeo, the independent OCI client: it must accept what push wrote and check every digest while copying.</summary>
internal static class Skopeo
{
    public const string Binary = "/usr/bin/skopeo";

    public static async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        if (!File.Exists(Binary))
            throw new InvalidOperationException($"{Binary} not found: these tests need Debian's skopeo (apt-get install skopeo; CI installs it through .ci/run).");
        var start = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // No policy.json outside /etc/containers on a bare machine: accept anything, as the tests read what we pushed ourselves.
        start.ArgumentList.Add("--insecure-policy");
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}

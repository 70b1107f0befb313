using System.Diagnostics;

namespace DownloadModels.Tests.EndToEnd;

/// <summary>
/// Finds the published native binary: DOWNLOAD_MODELS_BIN (set by `dotnet cake --target=Test`), else
/// artifacts/linux-x64/download-models under the repo root, else publishes it once so a plain
/// `dotnet test` also exercises the real AOT binary rather than skipping these tests.
/// </summary>
internal static class NativeBinary
{
    private static readonly Lazy<Task<string>> Path = new(LocateOrPublishAsync);

    public static Task<string> GetAsync() => Path.Value;

    private static async Task<string> LocateOrPublishAsync()
    {
        if (Environment.GetEnvironmentVariable("DOWNLOAD_MODELS_BIN") is { Length: > 0 } fromEnv)
            return File.Exists(fromEnv) ? fromEnv : throw new FileNotFoundException($"DOWNLOAD_MODELS_BIN points to a missing file: {fromEnv}");

        var root = RepoRoot.Path;
        var published = System.IO.Path.Combine(root, "artifacts", "linux-x64", "download-models");
        if (File.Exists(published))
            return published;

        var output = System.IO.Path.Combine(root, "artifacts", "test-publish");
        var psi = new ProcessStartInfo("dotnet", ["publish", System.IO.Path.Combine(root, "src", "DownloadModels"), "-c", "Release", "-r", "linux-x64", "-o", output])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"dotnet publish failed:\n{await stdout}\n{await stderr}");
        return System.IO.Path.Combine(output, "download-models");
    }
}

using DownloadModels.Tests.EndToEnd;

namespace DownloadModels.Tests.Release;

/// <summary>
/// The linux-arm64 binary cross-published on this x64 machine (`dotnet cake --target=Test` publishes it and
/// sets DOWNLOAD_MODELS_ARM64_BIN), run under qemu-user with Debian's multiarch arm64 C library. Missing pieces fail
/// the tests with what to install, never skip them.
/// </summary>
internal static class Arm64Binary
{
    /// <summary>
    /// The arm64 C library's loader from Debian's multiarch libc6:arm64 (pulled in by libssl-dev:arm64), where
    /// qemu-aarch64 finds it by the binary's own interpreter path. (qemu's -L with the cross toolchain's
    /// /usr/aarch64-linux-gnu spins without end on this binary: seen with Debian 12's qemu 7.2.)
    /// </summary>
    public const string Loader = "/lib/ld-linux-aarch64.so.1";

    public static string Path()
    {
        var path = Environment.GetEnvironmentVariable("DOWNLOAD_MODELS_ARM64_BIN") is { Length: > 0 } fromEnv
            ? fromEnv
            : System.IO.Path.Combine(RepoRoot.Path, "artifacts", "linux-arm64", "download-models");
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"no linux-arm64 binary at {path}: run `dotnet cake --target=Publish --rid linux-arm64` (Debian: gcc-aarch64-linux-gnu, libssl-dev:arm64; see .ci/run).");
    }

    public static Task<ProcessResult> RunAsync(IReadOnlyDictionary<string, string> env, params string[] args)
    {
        if (!File.Exists(Loader))
            throw new FileNotFoundException($"{Loader} is missing: install libc6:arm64 (see .ci/run).");
        return Command.RunAsync("qemu-aarch64", [Path(), .. args], env, timeout: TimeSpan.FromMinutes(3));
    }
}

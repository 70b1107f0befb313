using DownloadModels.Tests.Cli;
using DownloadModels.Tests.EndToEnd;

namespace DownloadModels.Tests.Bundle;

/// <summary>
/// The check every hostile-bundle test makes: unpack into a cache that already holds another repo is
/// refused with one line saying why, and the cache is byte for byte what it was.
/// </summary>
internal static class Refusal
{
    public static async Task AssertRefusedAsync(byte[] bundle, string reason, int exitCode = 1)
    {
        using var cli = new CliHarness();
        SeedOtherRepo(cli.HubCache);
        var before = CacheSnapshot.Of(cli.HubCache);

        var result = await UnpackAsync(cli, bundle);

        await Assert.That(result.ExitCode).IsEqualTo(exitCode).Because(result.ToString());
        await Assert.That(result.StdErr).Contains(reason).Because(result.ToString());
        await Assert.That(result.ErrorLines.Length).IsEqualTo(1).Because(result.ToString());
        await Assert.That(CacheSnapshot.Of(cli.HubCache)).IsEquivalentTo(before);
    }

    public static async Task<ProcessResult> UnpackAsync(CliHarness cli, byte[] bundle)
    {
        var path = Path.Combine(cli.Root, "bundle.tar.zst");
        await File.WriteAllBytesAsync(path, bundle);
        return await cli.RunAsync("unpack", path);
    }

    /// <summary>A repo the target already has, so "unchanged" means more than "still empty".</summary>

    public static void SeedOtherRepo(string hubCache)
    {
        var repo = Path.Combine(hubCache, "models--org--kept");
        Directory.CreateDirectory(Path.Combine(repo, "blobs"));
        Directory.CreateDirectory(Path.Combine(repo, "refs"));
        File.WriteAllText(Path.Combine(repo, "blobs", "0000000000000000000000000000000000000001"), "kept");
        File.WriteAllText(Path.Combine(repo, "refs", "main"), "0000000000000000000000000000000000000002");
        File.WriteAllText(Path.Combine(hubCache, "CACHEDIR.TAG"), "Signature: 8a477f597d28d172789f06886806bc55\n");
    }
}

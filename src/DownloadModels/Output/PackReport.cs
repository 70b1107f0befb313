using System.Globalization;
using DownloadModels.Bundle;
using DownloadModels.Units;

namespace DownloadModels.Output;

/// <summary>What pack wrote: one line per repo, then the bundle's size against the blobs' and the speed.</summary>
internal static class PackReport
{
    public static void Write(TextWriter output, IReadOnlyList<BundledRepo> repos, string where, long bundleSize, BundleProgress progress)
    {
        foreach (var repo in repos)
            output.WriteLine($"  {repo.Repo}@{repo.Revision} {repo.ShortCommit}: {repo.Files.Count} files, {repo.Blobs.Count} blobs, {ByteSize.Format(repo.BlobBytes)}");
        var blobBytes = repos.Sum(r => r.BlobBytes);
        var ratio = blobBytes > 0 ? (100.0 * bundleSize / blobBytes).ToString("F1", CultureInfo.InvariantCulture) + "% of the blobs" : "no blobs";
        output.WriteLine(
            $"Packed {repos.Count} repo(s), {repos.Sum(r => r.Files.Count)} files, {ByteSize.Format(blobBytes)} into {where}: " +
            $"{ByteSize.Format(bundleSize)} ({ratio}) in {Durations.Format(progress.Elapsed)}, {ByteSize.FormatRate(progress.BytesPerSecond)}");
    }
}

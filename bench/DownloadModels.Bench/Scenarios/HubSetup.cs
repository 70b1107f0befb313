using System.Diagnostics;
using System.Text;
using DownloadModels.Tests.FakeHub;

namespace DownloadModels.Bench.Scenarios;

/// <summary>Puts the scenarios' files on the fake hub as generated (lazy, incompressible) content.</summary>
internal static class HubSetup
{
    public static void Add(FakeHub hub, IReadOnlyList<BenchFile> files)
    {
        foreach (var group in files.GroupBy(f => f.RepoId, StringComparer.Ordinal))
        {
            var repo = hub.FindRepo(group.Key) ?? hub.AddRepo(group.Key);
            // A plain LFS repo, as the endpoint huggingface_hub is told it is (Xet off): the fake Hub would otherwise list
            // stand-in xet hashes its CAS does not hold, and download-models would ask a token and two reconstructions
            // (404) before every file's bytes, which no real Hub makes it do. The Xet path has its own scenarios.
            repo.XetBacked = false;
            foreach (var file in group)
            {
                // The seed mixes in the repo, so equal paths in two repos (config.json) differ like real ones.
                repo.AddFile(file.Path, file.Size, file.Lfs, Seed(file));
            }
        }

        // The hub hashes content lazily on the first tree listing; do it now, outside every timed run.
        var clock = Stopwatch.StartNew();
        Parallel.ForEach(files, file => hub.FindRepo(file.RepoId)!.OidOf(file.Path));
        Console.WriteLine($"  prepared {files.Count:N0} files, {files.Sum(f => f.Size) / 1e6:N1} MB (hashed in {clock.Elapsed.TotalSeconds:0.0} s)");
    }

    // Stable across processes (string.GetHashCode is randomised), so every bench run serves the same bytes.
    private static int Seed(BenchFile file) =>
        Convert.ToInt32(FakeHub.Sha256Hex(Encoding.UTF8.GetBytes(file.RepoId + "/" + file.Path))[..7], 16);
}

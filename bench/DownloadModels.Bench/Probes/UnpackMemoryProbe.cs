using System.Formats.Tar;
using System.Globalization;
using System.Text;
using DownloadModels.Bench.Processes;
using DownloadModels.Tests.FakeHub;
using ZstdSharp;

namespace DownloadModels.Bench.Probes;

/// <summary>
/// Issue 25: unpack's peak memory against the bundle's size. Real bundles (one LFS file of growing size,
/// made by the binary's own get and pack, then unpacked into an empty cache) and hostile ones (N saved trees
/// of 60 MB of spaces each, a few KB compressed, unpack --dry-run). The target: peak RSS flat in the bundle's
/// size (within each kind, the largest within 1.25x + 16 MiB of the smallest) and under 256 MiB everywhere.
/// </summary>
internal static class UnpackMemoryProbe
{
    private const string Commit = "0123456789abcdef0123456789abcdef01234567";
    private const int TreeBytes = 60 << 20;

    public static async Task<bool> MeasureAsync(FakeHub hub, string binary, IReadOnlyDictionary<string, string> environment, string workDir, bool quick)
    {
        var root = Path.Combine(workDir, "runs", "unpack-memory");
        var logs = Path.Combine(workDir, "logs");
        Directory.CreateDirectory(root);
        var rows = new List<(string Bundle, long Compressed, long Expanded, double PeakMb, bool Ok)>();
        try
        {
            foreach (var megabytes in quick ? new[] { 16, 64, 128 } : [32, 128, 512])
            {
                var repo = $"bench/unpack-{megabytes}";
                hub.AddRepo(repo).AddFile("w.bin", megabytes * 1024L * 1024, lfs: true, seed: megabytes);
                var home = Path.Combine(root, $"real-{megabytes}");
                var bundle = Path.Combine(root, $"real-{megabytes}.tar.zst");
                var pack = await ChildProcess.RunAsync([binary, "pack", bundle, repo, "--cache-dir", Path.Combine(home, "source")], environment, Path.Combine(logs, $"unpack-memory-pack-{megabytes}.log"), TimeSpan.FromMinutes(10));
                var unpack = await ChildProcess.RunAsync([binary, "unpack", bundle, "--cache-dir", Path.Combine(home, "target")], environment, Path.Combine(logs, $"unpack-memory-{megabytes}.log"), TimeSpan.FromMinutes(10), measureRss: true);
                rows.Add(($"real: 1 file of {megabytes} MiB", File.Exists(bundle) ? new FileInfo(bundle).Length : 0, megabytes * 1024L * 1024, unpack.PeakRssMb, pack.Succeeded && unpack.Succeeded));
                Directory.Delete(home, recursive: true);
                File.Delete(bundle);
            }

            foreach (var trees in quick ? new[] { 1, 4, 8 } : [1, 5, 20])
            {
                var bundle = Path.Combine(root, $"trees-{trees}.tar.zst");
                WriteTrees(bundle, trees);
                var unpack = await ChildProcess.RunAsync([binary, "unpack", "--dry-run", bundle, "--cache-dir", Path.Combine(root, "trees-target")], environment, Path.Combine(logs, $"unpack-memory-trees-{trees}.log"), TimeSpan.FromMinutes(10), measureRss: true);
                rows.Add(($"hostile: {trees} tree(s) of 60 MiB of spaces (--dry-run)", new FileInfo(bundle).Length, (long)trees * TreeBytes, unpack.PeakRssMb, unpack.Succeeded));
                File.Delete(bundle);
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }

        Console.WriteLine();
        Console.WriteLine("### unpack: peak memory vs bundle size (issue 25)");
        Console.WriteLine();
        Console.WriteLine("| Bundle | Compressed | Expanded | Exit | Peak RSS |");
        Console.WriteLine("|---|---:|---:|---|---:|");
        foreach (var row in rows)
            Console.WriteLine($"| {row.Bundle} | {Mb(row.Compressed)} | {Mb(row.Expanded)} | {(row.Ok ? "0" : "FAILED")} | {(double.IsNaN(row.PeakMb) ? "n/a" : $"{row.PeakMb.ToString("0", CultureInfo.InvariantCulture)} MiB")} |");
        var peaks = rows.Select(r => r.PeakMb).Where(p => !double.IsNaN(p)).ToArray();
        if (peaks.Length < rows.Count || rows.Any(r => !r.Ok))
        {
            Console.WriteLine();
            Console.WriteLine("Target (peak RSS flat in the bundle's size, under 256 MiB): NOT MEASURED (a run failed or GNU time is missing; see the logs)");
            return false;
        }

        // Flat within each kind (the real bundles move bytes through fixed buffers; the hostile ones hold one tree at most).
        var met = rows.GroupBy(r => r.Bundle.Split(':')[0]).All(kind => kind.Max(r => r.PeakMb) <= (1.25 * kind.Min(r => r.PeakMb)) + 16) && peaks.Max() < 256;
        Console.WriteLine();
        Console.WriteLine($"Target (peak RSS flat in the bundle's size: within each kind the largest bundle's within 1.25x + 16 MiB of the smallest's; all under 256 MiB): {(met ? "MET" : "NOT MET")} ({peaks.Min():0}-{peaks.Max():0} MiB)");
        return met;
    }

    private static string Mb(long bytes) => $"{(bytes / 1024.0 / 1024.0).ToString(bytes < 1 << 20 ? "0.000" : "0", CultureInfo.InvariantCulture)} MiB";

    /// <summary>A bundle of <paramref name="count"/> repos without files, each with a saved tree padded with spaces to 60 MiB.</summary>
    private static void WriteTrees(string path, int count)
    {
        var repos = string.Join(",", Enumerable.Range(0, count).Select(i =>
            $"{{\"type\":\"model\",\"id\":\"org/m{i}\",\"revision\":\"{Commit}\",\"commit\":\"{Commit}\",\"files\":[],\"noExist\":[],\"tree\":true}}"));
        var manifest = Encoding.UTF8.GetBytes($"{{\"format\":1,\"tool\":\"bench\",\"created\":\"1970-01-01T00:00:00+00:00\",\"repos\":[{repos}]}}");
        using var file = File.Create(path);
        using var zstd = new CompressionStream(file, 1);
        using var tar = new TarWriter(zstd, TarEntryFormat.Pax, leaveOpen: true);
        tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "manifest.json") { DataStream = new MemoryStream(manifest) });
        var tree = new byte[TreeBytes];
        Array.Fill(tree, (byte)' ');
        Encoding.ASCII.GetBytes("{\"format_version\": 1, \"files\": {}}").CopyTo(tree, 0);
        for (var i = 0; i < count; i++)
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, $"models--org--m{i}/trees/{Commit}.json") { DataStream = new MemoryStream(tree) });
    }
}

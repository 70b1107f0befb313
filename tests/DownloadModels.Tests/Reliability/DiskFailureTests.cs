using DownloadModels.Tests.EndToEnd;
using DownloadModels.Tests.FakeHub;
using DownloadModels.Tests.Transfer;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Reliability;

/// <summary>
/// A disk that fills up halfway stops that file cleanly (clear message, partial kept, no blob under its final
/// name) and the next run resumes once there is room; a read-only cache is one clear error naming the path. The
/// small and read-only filesystems are real tmpfs mounts in a private namespace (see <see cref="NamespacedRun"/>).
/// </summary>
[Category(TestCategory.Host)]
[Timeout(120_000)]
public sealed class DiskFailureTests
{
    private const long Size = 3_000_000;

    /// <summary>
    /// Without options the file starts as one stream and is split only when that pays (a loaded machine splits it):
    /// the partial is then a prefix, or a full-length file with its record. Split from the start, the 2 MB fill
    /// between two flushes of the record: what was written must still be recorded, or the next run fetches it again.
    /// </summary>
    [Test]
    [Arguments("")]
    [Arguments("--connections 2 --chunk-size 1")]
    public async Task DiskFullMidDownload_SmallTmpfs_StopsCleanlyKeepsPartialAndResumesAfterSpaceIsFreed(string split, CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/big").AddFile("w.bin", Size, lfs: true).AddFile("config.json", "{}");
        using var home = new TempHome();
        var cache = Directory.CreateDirectory(home.Sub("mnt")).FullName;
        var copy = home.Sub("copy");
        var blobs = "$CACHE/hub/models--org--big/blobs";
        var script = $"""
            mount -t tmpfs -o size=2m tmpfs "$CACHE"
            set +e
            "$BIN" get org/big --cache-dir "$CACHE" {split} > "$OUT/refused.txt" 2>&1; echo "refused=$?"
            "$BIN" get org/big --cache-dir "$CACHE" --no-space-check {split} > "$OUT/full.txt" 2>&1; echo "full=$?"
            echo "partial=$(stat -c %s {blobs}/{repo.Sha256Of("w.bin")}.incomplete)"
            echo "record=$(sed -n 3p {blobs}/{repo.Sha256Of("w.bin")}.incomplete.chunks 2>/dev/null)"
            echo "blobs=$(ls {blobs} | tr '\n' ' ')"
            mount -o remount,size=16m "$CACHE"
            "$BIN" get org/big --cache-dir "$CACHE" {split} > "$OUT/resumed.txt" 2>&1; echo "resumed=$?"
            cp -a "$CACHE/hub" "$OUT/hub"
            """;

        var (code, output) = await NamespacedRun.RunAsync(script, new Dictionary<string, string>
        {
            ["CACHE"] = cache, ["OUT"] = Directory.CreateDirectory(copy).FullName, ["HOME"] = home.Path, ["HF_ENDPOINT"] = hub.ApiUrl,
        }, TimeSpan.FromSeconds(90));

        var full = File.ReadAllText(Path.Combine(copy, "full.txt"));
        Console.WriteLine(output + full);
        await Assert.That(code).IsEqualTo(0).Because(output);
        await Assert.That(output).Contains("refused=1");
        await Assert.That(File.ReadAllText(Path.Combine(copy, "refused.txt"))).Contains("not enough free space");
        await Assert.That(output).Contains("full=1");
        await Assert.That(full).Contains("w.bin: the disk is full");
        await Assert.That(full).DoesNotContain("   at ");
        // Kept: a prefix (no record), or what the record vouches for in a full-length partial.
        var partial = Number(Field(output, "partial"));
        var record = Field(output, "record");
        List<(long Start, long End)> kept = record.Length == 0 ? [(0L, partial)] : Ranges(record["written ".Length..]);
        await Assert.That(record.Length > 0 || partial < Size).IsTrue().Because(output);
        await Assert.That(kept.Sum(r => r.End - r.Start)).IsGreaterThan(1_000_000).Because(output);
        await Assert.That(output).DoesNotContain($"{repo.Sha256Of("w.bin")} ");
        await Assert.That(output).Contains("resumed=0");
        await Assert.That(CacheCheck.Problems(Path.Combine(copy, "hub"), repo)).IsEmpty();
        // The run after the space was freed (its requests follow its own revision call) asks for exactly what was not kept.
        var requests = hub.Requests;
        var resumedFrom = requests.ToList().FindLastIndex(r => r.Host == FakeHost.Api && r.PathAndQuery.Contains("/revision/", StringComparison.Ordinal));
        var resumed = requests.Skip(resumedFrom).Where(r => r.Host == FakeHost.Cdn).ToArray();
        await Assert.That(resumed.All(r => r.Range is not null)).IsTrue();
        var asked = WorkStealingTests.Merge(resumed.Select(r => Asked(r.Range!)));
        await Assert.That(string.Join(',', asked.Select(r => $"{r.Start}-{r.Last + 1}"))).IsEqualTo(string.Join(',', Holes(kept).Select(r => $"{r.Start}-{r.End}")));
    }

    private static string Field(string output, string name) => output.Split($"{name}=")[1].Split('\n')[0];

    /// <summary>A sidecar's "written" list (start-end, end exclusive) as pairs.</summary>
    private static List<(long Start, long End)> Ranges(string list) =>
        [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(item => item.Split('-')).Select(parts => (Number(parts[0]), Number(parts[1])))];

    /// <summary>A Range header (bytes=a-b, b inclusive; or bytes=a-, to the end) as (start, last).</summary>
    private static (long Start, long Last) Asked(string header)
    {
        var parts = header["bytes=".Length..].Split('-');
        return (Number(parts[0]), parts[1].Length == 0 ? Size - 1 : Number(parts[1]));
    }

    private static long Number(string text) => long.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    private static IEnumerable<(long Start, long End)> Holes(IEnumerable<(long Start, long End)> kept)
    {
        var at = 0L;
        foreach (var (start, end) in kept.OrderBy(r => r.Start))
        {
            if (start > at)
                yield return (at, start);
            at = Math.Max(at, end);
        }

        if (at < Size)
            yield return (at, Size);
    }

    [Test]
    public async Task ReadOnlyCache_FileMissing_ExitsOneNamingThePath(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        hub.AddRepo("org/model").AddFile("config.json", "{}");
        using var home = new TempHome();
        var cache = Directory.CreateDirectory(home.Sub("ro")).FullName;
        var script = """
            mount -t tmpfs -o ro,size=1m tmpfs "$CACHE"
            set +e
            "$BIN" get org/model --cache-dir "$CACHE" 2>&1; echo "exit=$?"
            """;

        var (_, output) = await NamespacedRun.RunAsync(script, new Dictionary<string, string>
        {
            ["CACHE"] = cache, ["HOME"] = home.Path, ["HF_ENDPOINT"] = hub.ApiUrl,
        }, TimeSpan.FromSeconds(60));

        await Assert.That(output).Contains("exit=1");
        await Assert.That(output).Contains($"the cache folder {cache}/hub is not writable");
        await Assert.That(output).DoesNotContain("   at ");
    }
}

using DownloadModels.Tests.EndToEnd;
using DownloadModels.Tests.FakeHub;
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
    [Test]
    public async Task DiskFullMidDownload_SmallTmpfs_StopsCleanlyKeepsPartialAndResumesAfterSpaceIsFreed(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/big").AddFile("w.bin", 3_000_000, lfs: true).AddFile("config.json", "{}");
        using var home = new TempHome();
        var cache = Directory.CreateDirectory(home.Sub("mnt")).FullName;
        var copy = home.Sub("copy");
        var blobs = "$CACHE/hub/models--org--big/blobs";
        var script = $"""
            mount -t tmpfs -o size=2m tmpfs "$CACHE"
            set +e
            "$BIN" get org/big --cache-dir "$CACHE" > "$OUT/refused.txt" 2>&1; echo "refused=$?"
            "$BIN" get org/big --cache-dir "$CACHE" --no-space-check > "$OUT/full.txt" 2>&1; echo "full=$?"
            echo "partial=$(stat -c %s {blobs}/{repo.Sha256Of("w.bin")}.incomplete)"
            echo "blobs=$(ls {blobs} | tr '\n' ' ')"
            mount -o remount,size=16m "$CACHE"
            "$BIN" get org/big --cache-dir "$CACHE" > "$OUT/resumed.txt" 2>&1; echo "resumed=$?"
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
        var partial = long.Parse(output.Split("partial=")[1].Split('\n')[0], System.Globalization.CultureInfo.InvariantCulture);
        await Assert.That(partial).IsGreaterThan(1_000_000);
        await Assert.That(output).DoesNotContain($"{repo.Sha256Of("w.bin")} ");
        await Assert.That(output).Contains("resumed=0");
        await Assert.That(CacheCheck.Problems(Path.Combine(copy, "hub"), repo)).IsEmpty();
        var cdnRanges = hub.Requests.Where(r => r.Host == FakeHost.Cdn).Select(r => r.Range).ToArray();
        await Assert.That(cdnRanges.Last()).IsEqualTo($"bytes={partial}-");
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

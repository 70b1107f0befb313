using DownloadModels.Tests.Bundle;
using DownloadModels.Tests.Cli;
using DownloadModels.Tests.Reliability;

namespace DownloadModels.Tests.HardEdges;

/// <summary>
/// Issue 25, defect 2 (and the tar part of 4): a tiny bundle must not take unbounded memory or disk. The memory
/// cases run the published binary under a hard GC heap limit of 1 GB (DOTNET_GCHeapHardLimit, hex without 0x, which Native AOT
/// honours), as a 1 GB container would give it; before the fix they died there with an OutOfMemoryException.
/// </summary>
[Category(TestCategory.Host)]
public sealed class BundleBoundsTests
{
    private const string OneGigabyteHeap = "40000000";

    [Test]
    [Arguments('L')]
    [Arguments('K')]
    [Arguments('x')]
    [Arguments('g')]
    public async Task Unpack_MetadataHeaderWithHugeSizeField_RefusedInOneLine(char type)
    {
        var bundle = HostileBundle.MetadataHeaderOnly(type, "77777777777\0");

        await Refusal.AssertRefusedAsync(bundle, "not made by download-models pack");
    }

    [Test]
    public async Task UnpackDryRun_TwentyTreesOfSixtyMegabytes_UnderAOneGigabyteHeap_ChecksThemAll(CancellationToken ct)
    {
        using var folder = new TempFolder();
        var bundle = folder.Combine("trees.tar.zst");
        HostileBundle.WriteManyTrees(bundle, 20, 60 << 20);

        var (code, output) = await NamespacedRun.RunAsync(
            """HOME="$PWD" "$BIN" unpack --dry-run "$BUNDLE" --cache-dir "$CACHE" 2>&1 && echo "exit=0" || echo "exit=$?" """,
            new Dictionary<string, string> { ["BUNDLE"] = bundle, ["CACHE"] = folder.Combine("cache"), ["DOTNET_GCHeapHardLimit"] = OneGigabyteHeap },
            TimeSpan.FromMinutes(3));

        await Assert.That(code).IsEqualTo(0).Because(output);
        await Assert.That(output).Contains("exit=0").Because(output);
        await Assert.That(output).Contains("20 repo(s)").Because(output);
    }

    [Test]
    public async Task Unpack_GigabyteLongNameBeforeManifest_UnderAOneGigabyteHeap_RefusedInOneLine(CancellationToken ct)
    {
        using var folder = new TempFolder();
        var bundle = folder.Combine("longname.tar.zst");
        HostileBundle.WriteLongNameFirst(bundle, 1L << 30);

        var (_, output) = await NamespacedRun.RunAsync(
            """HOME="$PWD" "$BIN" unpack "$BUNDLE" --cache-dir "$CACHE" 2>&1 && echo "exit=0" || echo "exit=$?" """,
            new Dictionary<string, string> { ["BUNDLE"] = bundle, ["CACHE"] = folder.Combine("cache"), ["DOTNET_GCHeapHardLimit"] = OneGigabyteHeap },
            TimeSpan.FromMinutes(3));

        await Assert.That(output).Contains("exit=1").Because(output);
        await Assert.That(output).Contains("metadata entry (type 'L')").Because(output);
        await Assert.That(Directory.Exists(folder.Combine("cache"))).IsFalse().Because("nothing is written for a refused bundle");
    }

    [Test]
    public async Task Unpack_TreesLargerThanTheFreeSpace_RefusedBeforeAnythingIsMerged(CancellationToken ct)
    {
        // 3 trees of 20 MB (a 3 KB bundle) into a 40 MB file system: they were written until the disk filled.
        using var folder = new TempFolder();
        var bundle = folder.Combine("trees.tar.zst");
        HostileBundle.WriteManyTrees(bundle, 3, 20 << 20);

        var (_, output) = await NamespacedRun.RunAsync(
            """
            mkdir -p "$MNT" && mount -t tmpfs -o size=40m tmpfs "$MNT"
            HOME="$MNT" "$BIN" unpack "$BUNDLE" --cache-dir "$MNT/hf" 2>&1 || echo "exit=$?"
            echo "trees=$(find "$MNT/hf/hub" -path '*/trees/*' 2>/dev/null | wc -l)"
            """,
            new Dictionary<string, string> { ["BUNDLE"] = bundle, ["MNT"] = folder.Combine("mnt") },
            TimeSpan.FromMinutes(2));

        await Assert.That(output).Contains("not enough free space").Because(output);
        await Assert.That(output).Contains("trees=0").Because(output);
        await Assert.That(output).Contains("exit=3").Because(output);
    }
}

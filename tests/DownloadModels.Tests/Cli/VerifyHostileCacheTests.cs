using DownloadModels.Tests.Inspection;

namespace DownloadModels.Tests.Cli;

/// <summary>A damaged or hand-made cache is reported, never crashed on, never hung on, never read outside of.</summary>
public sealed class VerifyHostileCacheTests
{
    [Test]
    public async Task Verify_BlobsFolderGone_EveryLinkDanglingNoCrash()
    {
        await using var downloaded = await VerifyCommandTests.DownloadedWhisperAsync();
        var (hub, _, cli, cache) = downloaded;
        Directory.Delete(Path.Combine(cache.Folder, "blobs"), recursive: true);

        var result = await cli.RunAsync("verify", "--only", "stt");

        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        await Assert.That(result.StdOut.Split('\n').Count(l => l.StartsWith("  dangling", StringComparison.Ordinal))).IsEqualTo(4);
    }

    [Test]
    public async Task Verify_RefGarbageOnline_ReportsTheRefAndStillChecksTheFiles()
    {
        await using var downloaded = await VerifyCommandTests.DownloadedWhisperAsync();
        var (hub, _, cli, cache) = downloaded;
        File.WriteAllText(cache.Ref(), "<<<<<<< HEAD\x1b[31m");

        var result = await cli.RunAsync("verify", "--only", "stt");

        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        await Assert.That(result.StdOut).Contains("refs/main holds '<<<<<<< HEAD?[31m', not a commit id");
        await Assert.That(result.StdOut).DoesNotContain("\x1b");
        await Assert.That(result.StdOut).Contains("1 problem");
    }

    [Test]
    public async Task Verify_RefGarbageOffline_ErrorSaysWhyExitsOne()
    {
        await using var downloaded = await VerifyCommandTests.DownloadedWhisperAsync();
        var (hub, _, cli, cache) = downloaded;
        File.WriteAllText(cache.Ref(), "not a commit");

        var result = await cli.RunAsync("verify", "--only", "stt", "--offline");

        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        await Assert.That(result.StdOut).Contains("error: refs/main holds 'not a commit', not a commit id: cannot tell which snapshot to check without the Hub");
    }

    [Test]
    public async Task Verify_RefIsAFolder_Reported()
    {
        await using var downloaded = await VerifyCommandTests.DownloadedWhisperAsync();
        var (hub, _, cli, cache) = downloaded;
        File.Delete(cache.Ref());
        Directory.CreateDirectory(Path.Combine(cache.Ref(), "oops"));

        var result = await cli.RunAsync("verify", "--only", "stt");

        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        await Assert.That(result.StdOut).Contains("refs/main is a folder");
    }

    [Test]
    [Timeout(30_000)]
    public async Task Verify_FifoAsBlobAndAsSnapshotEntry_NeverBlocks(CancellationToken ct)
    {
        await using var downloaded = await VerifyCommandTests.DownloadedWhisperAsync();
        var (hub, _, cli, cache) = downloaded;
        File.Delete(cache.Blob("model.bin"));
        CacheTamper.MakeFifo(cache.Blob("model.bin"));
        File.Delete(cache.Snapshot("config.json"));
        CacheTamper.MakeFifo(cache.Snapshot("config.json"));

        var result = await cli.RunAsync(["verify", "--only", "stt"], ct);

        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        await Assert.That(VerifyCommandTests.Line(result.StdOut, "model.bin")).Contains("blob 0 bytes, expected 300000");
        await Assert.That(VerifyCommandTests.Line(result.StdOut, "config.json")).StartsWith("  corrupt    config.json: regular file 0 bytes");
    }

    [Test]
    public async Task Verify_FolderWhereLinkOrBlobShouldBe_Reported()
    {
        await using var downloaded = await VerifyCommandTests.DownloadedWhisperAsync();
        var (hub, _, cli, cache) = downloaded;
        File.Delete(cache.Snapshot("config.json"));
        Directory.CreateDirectory(cache.Snapshot("config.json"));
        File.Delete(cache.Blob("tokenizer.json"));
        Directory.CreateDirectory(cache.Blob("tokenizer.json"));

        var result = await cli.RunAsync("verify", "--only", "stt");
        var repaired = await cli.RunAsync("verify", "--only", "stt", "--repair");

        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        await Assert.That(VerifyCommandTests.Line(result.StdOut, "config.json")).StartsWith("  wrong-link config.json: a folder where a link");
        await Assert.That(VerifyCommandTests.Line(result.StdOut, "tokenizer.json")).Contains("blob is a folder, not a file");
        await Assert.That(repaired.ExitCode).IsEqualTo(0).Because(repaired.ToString());
    }

    [Test]
    public async Task Verify_LinkLoopsInSnapshot_ReportedAsExtraWithoutHanging()
    {
        await using var downloaded = await VerifyCommandTests.DownloadedWhisperAsync();
        var (hub, _, cli, cache) = downloaded;
        Directory.CreateSymbolicLink(cache.Snapshot("loop"), ".");
        File.CreateSymbolicLink(cache.Snapshot("ping"), "pong");
        File.CreateSymbolicLink(cache.Snapshot("pong"), "ping");

        var result = await cli.RunAsync("verify", "--only", "stt");

        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        await Assert.That(result.StdOut.Split('\n').Count(l => l.StartsWith("  extra", StringComparison.Ordinal))).IsEqualTo(3);
    }

    [Test]
    public async Task Verify_SavedListingGarbageOffline_FallsBackToBlobNames()
    {
        await using var downloaded = await VerifyCommandTests.DownloadedWhisperAsync();
        var (hub, _, cli, cache) = downloaded;
        File.WriteAllText(cache.Tree, "[{\"type\": \"file\", \"path\": \"../../escape\", \"oid\": \"x\"}]");
        cache.FlipByte("model.bin");

        var result = await cli.RunAsync("verify", "--only", "stt", "--offline");

        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        await Assert.That(result.StdOut).Contains("against the snapshot's own links");
        await Assert.That(result.StdOut).Contains("no saved listing for this commit");
        await Assert.That(VerifyCommandTests.Line(result.StdOut, "model.bin")).StartsWith("  corrupt");
    }
}

using System.Globalization;
using DownloadModels.Tests.Cli;
using DownloadModels.Tests.FakeHub;
using DownloadModels.Transfer;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Transfer;

/// <summary>Files as parallel ranges: in place, verified, resumable chunk by chunk; a file of a few MiB split only when the link rewards it.</summary>
public sealed class ParallelRangeTests
{
    private const long MiB = 1024 * 1024;
    private const long Size = 5 * MiB + 12_345;

    [Test]
    public async Task LargeFile_ChunkSizeOneMiB_FetchedAsBoundedRangesAndVerified()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("w.bin", Size, lfs: true);
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync("get", "org/model", "--chunk-size", "1", "--connections", "4");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        // 1 MiB pieces; the last one takes the 12,345-byte tail along rather than leave a sliver to a request of its own.
        var ranges = CdnRanges(hub);
        await Assert.That(ranges.Length).IsEqualTo(5);
        await Assert.That(ranges).Contains("bytes=0-1048575");
        await Assert.That(ranges).Contains($"bytes={4 * MiB}-{Size - 1}");
        await Assert.That(CdnBytes(hub)).IsEqualTo(Size);
        await AssertVerified(cli, repo);
        await Assert.That(Directory.GetFiles(BlobsOf(cli)).Length).IsEqualTo(1);
    }

    [Test]
    public async Task ChunkCutShort_Twice_ContinuesWithinTheChunk()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("w.bin", Size, lfs: true);
        hub.Faults.CutBodyAfter(300_000, times: 2, host: FakeHost.Cdn);
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync("get", "org/model", "--chunk-size", "1", "--connections", "2");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(CdnBytes(hub)).IsEqualTo(Size);
        await AssertVerified(cli, repo);
    }

    [Test]
    public async Task InterruptedChunkedRun_SidecarRecordsChunks_OnlyMissingChunksFetched()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("w.bin", Size, lfs: true);
        using var cli = new CliHarness(hub.ApiUrl);
        var partial = Path.Combine(Directory.CreateDirectory(BlobsOf(cli)).FullName, repo.Sha256Of("w.bin") + ".incomplete");
        var content = repo.GetContent("w.bin");
        var image = new byte[Size];
        Array.Copy(content, 0, image, 0, MiB);
        Array.Copy(content, 2 * MiB, image, 2 * MiB, MiB);
        File.WriteAllBytes(partial, image);
        File.WriteAllText(partial + ".chunks", $"download-models chunks v1\nsize {Size}\nchunk {MiB}\ndone 0,2\n");

        var result = await cli.RunAsync("get", "org/model", "--chunk-size", "1");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        var starts = CdnRanges(hub).Select(r => long.Parse(r["bytes=".Length..r.IndexOf('-')], CultureInfo.InvariantCulture) / MiB).Order().ToArray();
        await Assert.That(starts).IsEquivalentTo(new long[] { 1, 3, 4 });
        await Assert.That(CdnBytes(hub)).IsEqualTo(Size - 2 * MiB);
        await Assert.That(File.Exists(partial + ".chunks")).IsFalse();
        await AssertVerified(cli, repo);
    }

    [Test]
    public async Task SequentialPrefixFromEarlierRun_ChunkedRun_KeepsItsWholeChunks()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("w.bin", Size, lfs: true);
        using var cli = new CliHarness(hub.ApiUrl);
        var partial = Path.Combine(Directory.CreateDirectory(BlobsOf(cli)).FullName, repo.Sha256Of("w.bin") + ".incomplete");
        File.WriteAllBytes(partial, repo.GetContent("w.bin")[..(int)(2 * MiB + 500)]);

        var result = await cli.RunAsync("get", "org/model", "--chunk-size", "1");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(CdnRanges(hub).Any(r => r.StartsWith("bytes=0-", StringComparison.Ordinal))).IsFalse();
        await AssertVerified(cli, repo);
    }

    [Test]
    public async Task ChunkedPartial_RunWithOneConnection_KeepsContiguousPrefixOnly()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("w.bin", Size, lfs: true);
        using var cli = new CliHarness(hub.ApiUrl);
        var partial = Path.Combine(Directory.CreateDirectory(BlobsOf(cli)).FullName, repo.Sha256Of("w.bin") + ".incomplete");
        var image = new byte[Size];
        Array.Copy(repo.GetContent("w.bin"), image, 2 * MiB);
        File.WriteAllBytes(partial, image);
        File.WriteAllText(partial + ".chunks", $"download-models chunks v1\nsize {Size}\nchunk {MiB}\ndone 0,1,3\n");

        var result = await cli.RunAsync("get", "org/model", "--chunk-size", "1", "--connections", "1");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(CdnRanges(hub)).IsEquivalentTo([$"bytes={2 * MiB}-"]);
        await AssertVerified(cli, repo);
    }

    [Test]
    public async Task ServerIgnoresRange_ChunkedRequest_FallsBackToOneStream()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("w.bin", Size, lfs: true);
        hub.Faults.IgnoreRange(times: 1000, host: FakeHost.Cdn);
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync("get", "org/model", "--chunk-size", "1", "--connections", "1");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await AssertVerified(cli, repo);
        await Assert.That(File.Exists(Path.Combine(BlobsOf(cli), repo.Sha256Of("w.bin") + ".incomplete.chunks"))).IsFalse();
    }

    [Test]
    public async Task CorruptChunk_Once_WholeFileFetchedAgainAndVerified()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("w.bin", Size, lfs: true);
        hub.Faults.FlipByte(3 * MiB + 7, times: 1, host: FakeHost.Cdn);
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync("get", "org/model", "--chunk-size", "1");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await AssertVerified(cli, repo);
    }

    [Test]
    public async Task CorruptChunk_Always_FileFailsAndNothingLinked()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("w.bin", Size, lfs: true);
        hub.Faults.FlipByte(3 * MiB + 7, times: 100, host: FakeHost.Cdn);
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync("get", "org/model", "--chunk-size", "1");

        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        await Assert.That(result.All).Contains(repo.Sha256Of("w.bin"));
        // The repo was new and holds nothing, so its folder is gone too (a failed repo leaves no empty folder).
        await Assert.That(Directory.Exists(BlobsOf(cli)) ? Directory.GetFiles(BlobsOf(cli)) : []).IsEmpty();
        await Assert.That(Directory.Exists(Path.Combine(cli.HubCache, "models--org--model", "snapshots"))).IsFalse();
    }

    [Test]
    public async Task FewMibFile_Loopback_OneRequestAsAStreamAsks()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("w.bin", 3_000_000, lfs: true);
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync("get", "org/model");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        // Done long before a split could pay: one request, no Range header, exactly the file's bytes.
        await Assert.That(CdnRanges(hub)).IsEquivalentTo([""]);
        await Assert.That(CdnBytes(hub)).IsEqualTo(3_000_000);
        await AssertVerified(cli, repo);
    }

    [Test]
    public async Task FewMibFile_SlowLink_SplitIntoRangesAndVerified()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("w.bin", 3_000_000, lfs: true);
        hub.Faults.ThrottleBytesPerSecond(1_000_000, host: FakeHost.Cdn);
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync("get", "org/model");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        // It starts as a stream (no Range header), and the link rewards more connections: the rest comes as bounded ranges.
        var ranges = CdnRanges(hub);
        await Assert.That(ranges[0]).IsEqualTo("");
        await Assert.That(ranges.Length).IsGreaterThanOrEqualTo(2);
        await Assert.That(ranges.Skip(1).All(r => r.StartsWith("bytes=", StringComparison.Ordinal) && !r.EndsWith('-'))).IsTrue();
        await AssertVerified(cli, repo);
        await Assert.That(File.Exists(Path.Combine(BlobsOf(cli), repo.Sha256Of("w.bin") + ".incomplete.chunks"))).IsFalse();
    }

    [Test]
    public async Task SixMegabyteFile_TwoMBpsAConnection_CutIntoPiecesUnderAMiBAtOnce()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("w.bin", 6_000_000, lfs: true);
        hub.Faults.ThrottleBytesPerSecond(2_000_000, host: FakeHost.Cdn);
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync("get", "org/model");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        // Measured slow within its first tens of ms, the stream is cut into pieces of what a connection carries in
        // 100 ms (at least 512 KiB; aria2c's -k1M would leave five of 1 MiB and one of 757 kB): at least seven more
        // requests, each bounded, none asking for a MiB or more, none asked for twice.
        var ranges = CdnRanges(hub);
        await Assert.That(ranges[0]).IsEqualTo("");
        var pieces = ranges.Skip(1).Select(ParseRange).ToList();
        await Assert.That(pieces.Count).IsGreaterThanOrEqualTo(7).Because(string.Join(", ", ranges));
        await Assert.That(pieces.All(p => p.Length >= TransferSettings.MinSplitFloor && p.Length < 1024 * 1024)).IsTrue().Because(string.Join(", ", ranges));
        await Assert.That(pieces.Select(p => p.Start).Distinct().Count()).IsEqualTo(pieces.Count);
        await AssertVerified(cli, repo);
    }

    [Test]
    public async Task FewMibFile_SlowLinkServerIgnoresRange_FallsBackToOneStreamAndVerified()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("w.bin", 3_000_000, lfs: true);
        hub.Faults.ThrottleBytesPerSecond(2_000_000, host: FakeHost.Cdn);
        hub.Faults.IgnoreRange(times: 1000, host: FakeHost.Cdn);
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync("get", "org/model");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        // The first answer (whole file, no Range asked) is used; the split's answer is the whole file again: one stream from there.
        await Assert.That(CdnRanges(hub)[0]).IsEqualTo("");
        await AssertVerified(cli, repo);
        await Assert.That(File.Exists(Path.Combine(BlobsOf(cli), repo.Sha256Of("w.bin") + ".incomplete.chunks"))).IsFalse();
    }

    /// <summary>"bytes=A-B" as its start and length.</summary>
    private static (long Start, long Length) ParseRange(string header)
    {
        var parts = header["bytes=".Length..].Split('-');
        var start = long.Parse(parts[0], CultureInfo.InvariantCulture);
        return (start, long.Parse(parts[1], CultureInfo.InvariantCulture) - start + 1);
    }

    private static string BlobsOf(CliHarness cli) => Path.Combine(cli.HubCache, "models--org--model", "blobs");

    private static long CdnBytes(HubServer hub) => hub.Requests.Where(r => r.Host == FakeHost.Cdn).Sum(r => r.BodyBytesSent);

    private static string[] CdnRanges(HubServer hub) =>
        hub.Requests.Where(r => r.Host == FakeHost.Cdn).Select(r => r.Range ?? "").ToArray();

    private static async Task AssertVerified(CliHarness cli, FakeRepo repo)
    {
        var blob = Path.Combine(BlobsOf(cli), repo.Sha256Of("w.bin"));
        await Assert.That(HubServer.Sha256Hex(File.ReadAllBytes(blob))).IsEqualTo(repo.Sha256Of("w.bin"));
        await Assert.That(File.Exists(Path.Combine(cli.HubCache, "models--org--model", "snapshots", repo.Commit, "w.bin"))).IsTrue();
    }
}

using System.Globalization;
using DownloadModels.Tests.Cli;
using DownloadModels.Tests.FakeHub;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Transfer;

/// <summary>
/// Work stealing over real HTTP: one connection stalls in its range (8 s: long enough for the other to finish
/// everything else on a loaded machine), the other takes everything else and then the second half of the stalled range. The stolen half is verified with the rest; a partial with
/// split ranges resumes with only its gaps; a server that ignores Range still gets the file.
/// </summary>
[Timeout(120_000)]
public sealed class WorkStealingTests
{
    private const long MiB = 1024 * 1024;
    private const long Size = 40 * MiB + 4321;

    /// <summary>16 MiB pieces (the first connection takes bytes 0-16 MiB), 4 MiB floor, two connections.</summary>
    private static readonly string[] Split = ["get", "org/model", "--connections", "2", "--chunk-size", "16"];

    [Test]
    public async Task StalledRange_OtherConnectionRunsOutOfWork_StealsItsSecondHalfAndFileVerifies(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("w.bin", Size, lfs: true);
        var stall = hub.Faults.Stall(TimeSpan.FromSeconds(8), times: 1, afterBytes: 65_536, host: FakeHost.Cdn);
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync(Split, ct);

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(stall.Fired).IsEqualTo(1);
        var ranges = CdnRanges(hub);
        // The stalled answer is the first one (the connection that resolved the file), a 16 MiB piece.
        await Assert.That(ranges[0].Last - ranges[0].Start + 1).IsEqualTo(16 * MiB);
        // The stalled range is split (its second half stolen); a stalled range may be split again while it stays slow.
        var (victim, thief) = StolenPairs(ranges).First(p => p.Victim == ranges[0]);
        await Assert.That(thief.Start).IsGreaterThan(victim.Start + 65_536);
        // No byte asked twice except stolen parts: a request that overlaps an earlier one lies inside it, past its start.
        await Assert.That(OnlyStolenOverlaps(ranges)).IsTrue();
        await Assert.That(Tile(Merge(ranges), 0, Size - 1)).IsTrue();
        await Assert.That(ResolveRequests(hub)).IsEqualTo(1);
        await AssertVerified(cli, repo);
    }

    [Test]
    public async Task StolenHalf_CorruptByteInIt_HashCatchesItAndFileFetchedAgain(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("w.bin", Size, lfs: true);
        hub.Faults.Stall(TimeSpan.FromSeconds(8), times: 1, afterBytes: 65_536, host: FakeHost.Cdn);
        // The first answer covering byte 12 MiB is the stalled one, which stops before it; the second is the stolen half.
        var flip = hub.Faults.FlipByte(12 * MiB + 7, times: 2, host: FakeHost.Cdn);
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync(Split, ct);

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(flip.Fired).IsEqualTo(2);
        await Assert.That(StolenPairs(CdnRanges(hub))).IsNotEmpty();
        // The bad hash threw the bytes away: byte 0 was asked for again.
        await Assert.That(CdnRanges(hub).Count(r => r.Start == 0)).IsEqualTo(2);
        await AssertVerified(cli, repo);
    }

    [Test]
    public async Task StolenHalf_AlwaysCorrupt_FileFailsAndNothingLinked(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("w.bin", Size, lfs: true);
        hub.Faults.Stall(TimeSpan.FromSeconds(8), times: 1, afterBytes: 65_536, host: FakeHost.Cdn);
        hub.Faults.FlipByte(12 * MiB + 7, times: 1000, host: FakeHost.Cdn);
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync(Split, ct);

        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        await Assert.That(result.All).Contains(repo.Sha256Of("w.bin"));
        // A failed first download leaves no repo folder at all, or (another file kept it) no blob in it.
        await Assert.That(Directory.Exists(BlobsOf(cli)) ? Directory.GetFiles(BlobsOf(cli)) : []).IsEmpty();
        await Assert.That(Directory.Exists(Path.Combine(cli.HubCache, "models--org--model", "snapshots"))).IsFalse();
    }

    [Test]
    public async Task PartialWithSplitRanges_Resumed_OnlyItsGapsFetched(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("w.bin", Size, lfs: true);
        using var cli = new CliHarness(hub.ApiUrl);
        // What a run killed after a steal leaves: the stalled range's first bytes, the stolen half and everything after it.
        var partial = WriteSplitPartial(cli, repo, (0, 65_536), (8 * MiB + 32_768, Size));

        var result = await cli.RunAsync(Split, ct);

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        // Only the gap is asked for, exactly once; a loaded machine may find the gap's range slow and split it in
        // flight: the stolen half then lies inside it.
        var ranges = CdnRanges(hub);
        await Assert.That(Tile(Merge(ranges), 65_536, 8 * MiB + 32_767)).IsTrue();
        await Assert.That(OnlyStolenOverlaps(ranges)).IsTrue();
        await Assert.That(CdnBytes(hub)).IsGreaterThanOrEqualTo(8 * MiB + 32_768 - 65_536);
        await Assert.That(File.Exists(partial + ".chunks")).IsFalse();
        await AssertVerified(cli, repo);
    }

    [Test]
    public async Task PartialWithSplitRanges_ServerIgnoresRange_FallsBackToOneStreamFromItsPrefix(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("w.bin", Size, lfs: true);
        hub.Faults.IgnoreRange(times: 1000, host: FakeHost.Cdn);
        using var cli = new CliHarness(hub.ApiUrl);
        var partial = WriteSplitPartial(cli, repo, (0, 65_536), (8 * MiB + 32_768, Size));

        var result = await cli.RunAsync(Split, ct);

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        var asked = hub.Requests.Where(r => r.Host == FakeHost.Cdn).Select(r => r.Range).ToArray();
        // A bounded range of the gap answered with 200, then one stream from the hole-free prefix (answered whole again).
        await Assert.That(asked[0]).StartsWith("bytes=65536-");
        await Assert.That(asked[0]).IsNotEqualTo("bytes=65536-");
        await Assert.That(asked).Contains("bytes=65536-");
        await Assert.That(File.Exists(partial + ".chunks")).IsFalse();
        await AssertVerified(cli, repo);
    }

    /// <summary>Pairs of requested ranges where the second asks for the upper part of the first: a steal.</summary>
    internal static IEnumerable<((long Start, long Last) Victim, (long Start, long Last) Thief)> StolenPairs(IReadOnlyList<(long Start, long Last)> ranges) =>
        from victim in ranges
        from thief in ranges
        where thief.Start > victim.Start && thief.Start <= victim.Last && thief.Last == victim.Last
        select (victim, thief);

    /// <summary>True when every request that overlaps an earlier one lies inside it, starting past its start (a steal of its upper part).</summary>
    internal static bool OnlyStolenOverlaps(IReadOnlyList<(long Start, long Last)> ranges) =>
        ranges.Select((later, j) => ranges.Take(j).Where(earlier => later.Start <= earlier.Last && earlier.Start <= later.Last)
            .All(earlier => later.Start > earlier.Start && later.Last <= earlier.Last)).All(ok => ok);

    /// <summary>The requested ranges merged where they overlap or touch: what they cover.</summary>
    internal static List<(long Start, long Last)> Merge(IEnumerable<(long Start, long Last)> ranges)
    {
        var merged = new List<(long Start, long Last)>();
        foreach (var range in ranges.OrderBy(r => r.Start))
        {
            if (merged.Count > 0 && range.Start <= merged[^1].Last + 1)
                merged[^1] = (merged[^1].Start, Math.Max(merged[^1].Last, range.Last));
            else
                merged.Add(range);
        }

        return merged;
    }

    /// <summary>True when the requested ranges cover bytes <paramref name="start"/> to <paramref name="last"/> exactly once, and nothing else.</summary>
    internal static bool Tile(IEnumerable<(long Start, long Last)> ranges, long start, long last)
    {
        var next = start;
        foreach (var range in ranges.OrderBy(r => r.Start))
        {
            if (range.Start != next)
                return false;
            next = range.Last + 1;
        }

        return next == last + 1;
    }

    internal static (long Start, long Last)[] CdnRanges(HubServer hub) =>
        [.. hub.Requests.Where(r => r.Host == FakeHost.Cdn && r.Range is not null).Select(r => ParseRange(r.Range!))];

    private static (long Start, long Last) ParseRange(string header)
    {
        var parts = header["bytes=".Length..].Split('-');
        return (long.Parse(parts[0], CultureInfo.InvariantCulture), parts[1].Length == 0 ? long.MaxValue : long.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    private static int ResolveRequests(HubServer hub) =>
        hub.Requests.Count(r => r.Host == FakeHost.Api && r.PathAndQuery.Contains("/resolve/", StringComparison.Ordinal));

    private static long CdnBytes(HubServer hub) => hub.Requests.Where(r => r.Host == FakeHost.Cdn).Sum(r => r.BodyBytesSent);

    private static string BlobsOf(CliHarness cli) => Path.Combine(cli.HubCache, "models--org--model", "blobs");

    /// <summary>A full-length partial holding the file's bytes only in <paramref name="written"/>, with its v2 sidecar.</summary>
    private static string WriteSplitPartial(CliHarness cli, FakeRepo repo, params (long Start, long End)[] written)
    {
        var partial = Path.Combine(Directory.CreateDirectory(BlobsOf(cli)).FullName, repo.Sha256Of("w.bin") + ".incomplete");
        var content = repo.GetContent("w.bin");
        var image = new byte[Size];
        foreach (var (start, end) in written)
            Array.Copy(content, start, image, start, end - start);
        File.WriteAllBytes(partial, image);
        var list = string.Join(',', written.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Start}-{r.End}")));
        File.WriteAllText(partial + ".chunks", string.Create(CultureInfo.InvariantCulture, $"download-models chunks v2\nsize {Size}\nwritten {list}\n"));
        return partial;
    }

    private static async Task AssertVerified(CliHarness cli, FakeRepo repo)
    {
        var blob = Path.Combine(BlobsOf(cli), repo.Sha256Of("w.bin"));
        await Assert.That(HubServer.Sha256Hex(File.ReadAllBytes(blob))).IsEqualTo(repo.Sha256Of("w.bin"));
        await Assert.That(File.Exists(Path.Combine(cli.HubCache, "models--org--model", "snapshots", repo.Commit, "w.bin"))).IsTrue();
    }
}

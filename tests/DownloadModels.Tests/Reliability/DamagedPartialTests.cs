using DownloadModels.Tests.Cli;
using DownloadModels.Tests.FakeHub;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Reliability;

/// <summary>
/// A partial file left by an earlier run that is itself damaged (bytes flipped, too long, shorter than its
/// sidecar claims, full length but wrong): the hash catches it, it is discarded and fetched again, and
/// what ends up linked always verifies. Run once with one stream per file and once with parallel ranges.
/// </summary>
[Timeout(60_000)]
public sealed class DamagedPartialTests
{
    private const long MiB = 1024 * 1024;
    private const long Size = 3 * MiB + 4321;
    private static readonly string[] OneStream = ["--connections", "1"];
    private static readonly string[] Ranges = ["--connections", "4", "--chunk-size", "1"];

    [Test]
    [Arguments(false)]
    [Arguments(true)]
    public async Task PartialWithFlippedByteInPrefix_Resumed_DetectedByHashRefetchedAndVerified(bool ranges, CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("w.bin", Size, lfs: true);
        using var cli = new CliHarness(hub.ApiUrl);
        var prefix = repo.GetContent("w.bin")[..(int)(2 * MiB)];
        prefix[1000] ^= 0x01;
        WritePartial(cli, repo, prefix);

        var result = await Get(cli, ranges, ct);

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(CacheCheck.Problems(cli.HubCache, repo)).IsEmpty();
        // The damaged prefix cost one resume of the rest, then one full fetch: never more.
        await Assert.That(CacheCheck.ContentBytesSent(hub)).IsLessThanOrEqualTo(Size - prefix.Length + Size);
        await Assert.That(CacheCheck.ContentBytesSent(hub)).IsGreaterThanOrEqualTo(Size);
    }

    [Test]
    [Arguments(false)]
    [Arguments(true)]
    public async Task PartialLongerThanTheFile_Found_DiscardedAndFetchedFromZero(bool ranges, CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("w.bin", Size, lfs: true);
        using var cli = new CliHarness(hub.ApiUrl);
        WritePartial(cli, repo, [.. repo.GetContent("w.bin"), .. new byte[5000]]);

        var result = await Get(cli, ranges, ct);

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(CacheCheck.Problems(cli.HubCache, repo)).IsEmpty();
        await Assert.That(CacheCheck.ContentBytesSent(hub)).IsEqualTo(Size);
    }

    [Test]
    [Arguments(false)]
    [Arguments(true)]
    public async Task PartialFullLengthWrongContent_Found_DetectedRefetchedAndVerified(bool ranges, CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("w.bin", Size, lfs: true);
        using var cli = new CliHarness(hub.ApiUrl);
        var content = repo.GetContent("w.bin");
        content[^1] ^= 0x80;
        WritePartial(cli, repo, content);

        var result = await Get(cli, ranges, ct);

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(CacheCheck.Problems(cli.HubCache, repo)).IsEmpty();
        await Assert.That(CacheCheck.ContentBytesSent(hub)).IsEqualTo(Size);
    }

    [Test]
    public async Task PartialTruncatedBelowWhatItsSidecarClaims_Found_OnlyItsRealPrefixKept(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("w.bin", Size, lfs: true);
        using var cli = new CliHarness(hub.ApiUrl);
        var partial = WritePartial(cli, repo, repo.GetContent("w.bin")[..(int)(MiB + 500)]);
        // The sidecar vouches for chunks 0-2, but the file was cut (a crash, a copy) in chunk 1.
        File.WriteAllText(partial + ".chunks", $"download-models chunks v1\nsize {Size}\nchunk {MiB}\ndone 0,1,2\n");

        var result = await Get(cli, ranges: true, ct);

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(CacheCheck.Problems(cli.HubCache, repo)).IsEmpty();
        await Assert.That(CacheCheck.ContentBytesSent(hub)).IsLessThanOrEqualTo(Size);
    }

    [Test]
    [Arguments("garbage\n\0\0\0")]
    [Arguments("download-models chunks v1\nsize 1\nchunk 1\ndone 0\n")]
    [Arguments("download-models chunks v1\nsize {size}\nchunk 1048576\ndone -1,99999999999,x,,3\n")]
    public async Task PartialWithBrokenSidecar_Found_NeverTrustedBlindlyAndVerified(string sidecar, CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("w.bin", Size, lfs: true);
        using var cli = new CliHarness(hub.ApiUrl);
        var partial = WritePartial(cli, repo, new byte[Size]);
        File.WriteAllText(partial + ".chunks", sidecar.Replace("{size}", Size.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));

        var result = await Get(cli, ranges: true, ct);

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(CacheCheck.Problems(cli.HubCache, repo)).IsEmpty();
        await Assert.That(File.Exists(partial + ".chunks")).IsFalse();
    }

    private static Task<Tests.EndToEnd.ProcessResult> Get(CliHarness cli, bool ranges, CancellationToken ct) =>
        cli.RunAsync(["get", "org/model", .. ranges ? Ranges : OneStream], ct);

    private static string WritePartial(CliHarness cli, FakeRepo repo, byte[] content)
    {
        var blobs = Directory.CreateDirectory(Path.Combine(cli.HubCache, "models--org--model", "blobs")).FullName;
        var partial = Path.Combine(blobs, repo.Sha256Of("w.bin") + ".incomplete");
        File.WriteAllBytes(partial, content);
        return partial;
    }
}

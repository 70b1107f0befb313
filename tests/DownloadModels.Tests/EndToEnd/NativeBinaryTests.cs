using System.Runtime.InteropServices;
using DownloadModels.Tests.FakeHub;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.EndToEnd;

/// <summary>The published native binary, run as a process against the fake hub, as a user runs it.</summary>
[Category(TestCategory.Host)]
public sealed class NativeBinaryTests
{
    [Test]
    public async Task DefaultRun_ThenSecondRun_SecondFetchesNothing()
    {
        await using var hub = await HubServer.StartAsync();
        PipelineRepos.AddAll(hub);
        using var home = new TempHome();
        var run = home.Run().Env("HF_ENDPOINT", hub.ApiUrl);

        var first = await run.RunAsync();
        var requestsAfterFirst = hub.Requests.Count;
        var second = await run.RunAsync();

        await Assert.That(first.ExitCode).IsEqualTo(0).Because(first.ToString());
        await Assert.That(first.StdErr).Contains($"Cache: {home.Path}/.cache/huggingface/hub");
        await Assert.That(first.StdErr).DoesNotContain("\x1b[");
        await Assert.That(first.StdErr).DoesNotContain("\r");
        await Assert.That(second.ExitCode).IsEqualTo(0).Because(second.ToString());
        var fileRequests = hub.Requests.Skip(requestsAfterFirst).Where(r => r.Host == FakeHost.Cdn || r.PathAndQuery.Contains("/resolve/", StringComparison.Ordinal));
        await Assert.That(fileRequests).IsEmpty();
        var hubCache = System.IO.Path.Combine(home.Path, ".cache", "huggingface", "hub");
        await Assert.That(Directory.GetDirectories(hubCache, "models--*").Length).IsEqualTo(3);
    }

    [Test]
    public async Task OnlyAndWhisperModel_Given_FetchesThatWhisperOnly()
    {
        await using var hub = await HubServer.StartAsync();
        PipelineRepos.AddWhisper(hub, "small");
        using var home = new TempHome();

        var result = await home.Run().Env("HF_ENDPOINT", hub.ApiUrl).RunAsync("--only", "stt", "--whisper-model", "small", "--cache-dir", home.Sub("models"));

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        var hubCache = home.Sub("models/hub");
        await Assert.That(Directory.GetDirectories(hubCache, "models--*").Select(d => System.IO.Path.GetFileName(d)!).ToArray())
            .IsEquivalentTo(["models--Systran--faster-whisper-small"]);
    }

    [Test]
    public async Task Get_WithPatterns_FetchesMatchingFilesOnly()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/any").AddFile("a.json", "{}").AddFile("sub/b.json", "{}").AddFile("w.bin", 2000, lfs: true).AddFile("onnx/m.onnx", 100, lfs: true);
        using var home = new TempHome();

        var result = await home.Run().Env("HF_ENDPOINT", hub.ApiUrl).RunAsync("get", "org/any", "--include", "*.json", "--include", "onnx/", "--exclude", "sub/*");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        var snapshot = home.Sub($".cache/huggingface/hub/models--org--any/snapshots/{repo.Commit}");
        var files = Directory.EnumerateFiles(snapshot, "*", SearchOption.AllDirectories).Select(p => System.IO.Path.GetRelativePath(snapshot, p)).Order().ToArray();
        await Assert.That(files).IsEquivalentTo(["a.json", "onnx/m.onnx"]);
    }

    [Test]
    [Arguments("--only", "vision")]
    [Arguments("--whisper-model", "enormous")]
    [Arguments("get", "not a repo")]
    public async Task BadArgument_Any_OneLineExitOneForTheDropInTwoForACommand(string first, string second)
    {
        using var home = new TempHome();

        var result = await home.Run().RunAsync(first, second);

        await Assert.That(result.ExitCode).IsEqualTo(first.StartsWith('-') ? 1 : 2).Because(result.ToString());
        await Assert.That(result.StdErr.Trim().Split('\n').Length).IsEqualTo(1);
    }

    [Test]
    public async Task Help_Version_Answer()
    {
        using var home = new TempHome();

        var help = await home.Run().RunAsync("--help");
        var version = await home.Run().RunAsync("--version");

        await Assert.That(help.ExitCode).IsEqualTo(0);
        await Assert.That(help.StdOut).Contains("Exit codes:");
        await Assert.That(version.ExitCode).IsEqualTo(0);
        await Assert.That(version.StdOut).Contains(".");
    }

    [Test]
    [NotInParallel] // a bound on wall time (stop within 2 s): measured alone, not beside the rest of the suite's load
    [Arguments(PosixSignal.SIGINT, 130)]
    [Arguments(PosixSignal.SIGTERM, 143)]
    public async Task Signal_MidDownload_ExitsWithSignalCodeKeepsPartialAndNextRunResumes(PosixSignal signal, int expectedCode)
    {
        const long Size = 4_000_000;
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/big").AddFile("w.bin", Size, lfs: true);
        var throttle = hub.Faults.ThrottleBytesPerSecond(1_000_000, host: FakeHost.Cdn);
        using var home = new TempHome();
        var run = home.Run().Env("HF_ENDPOINT", hub.ApiUrl);
        var partial = home.Sub($".cache/huggingface/hub/models--org--big/blobs/{repo.Sha256Of("w.bin")}.incomplete");

        // At 1 MB/s a connection the file is split into parallel ranges: the partial may have holes (and its record).
        var interrupted = await run.RunAsync(["get", "org/big"], TimeSpan.FromSeconds(60), async process =>
        {
            while (hub.BytesSent(repo.Sha256Of("w.bin")) < 600_000)
                await Task.Delay(50);
            BinaryRun.Signal(process, signal);
            var stopped = System.Diagnostics.Stopwatch.StartNew();
            await process.WaitForExitAsync();
            await Assert.That(stopped.Elapsed).IsLessThan(TimeSpan.FromSeconds(2));
        });
        var kept = KeptRanges(partial, Size);
        hub.Faults.Clear();
        var cdnBefore = hub.RequestsTo(FakeHost.Cdn).Count;
        var resumed = await run.RunAsync("get", "org/big");

        await Assert.That(interrupted.ExitCode).IsEqualTo(expectedCode).Because(interrupted.ToString());
        await Assert.That(interrupted.StdErr).Contains("partial files are kept");
        await Assert.That(kept.Sum(r => r.Length)).IsGreaterThanOrEqualTo(300_000);
        await Assert.That(resumed.ExitCode).IsEqualTo(0).Because(resumed.ToString());
        // The next run asks only for what the partial lacks: no byte it kept is asked for again.
        var asked = hub.RequestsTo(FakeHost.Cdn).Skip(cdnBefore).Select(r => r.Range).ToList();
        await Assert.That(asked).IsNotEmpty();
        foreach (var range in asked)
        {
            await Assert.That(range).IsNotNull();
            var (start, last) = Parse(range!, Size);
            await Assert.That(kept.Any(k => start <= k.End - 1 && k.Start <= last)).IsFalse().Because($"{range} asks again for bytes kept ({string.Join(", ", kept)})");
        }

        await Assert.That(HubServer.Sha256Hex(File.ReadAllBytes(home.Sub($".cache/huggingface/hub/models--org--big/snapshots/{repo.Commit}/w.bin")))).IsEqualTo(repo.Sha256Of("w.bin"));
        _ = throttle;
    }

    /// <summary>What an interrupted partial holds: the ranges its record vouches for, else (a plain prefix) its length.</summary>
    private static List<DownloadModels.Transfer.ByteRange> KeptRanges(string partial, long size)
    {
        var record = new DownloadModels.Transfer.RangeRecord(DownloadModels.Transfer.RangeRecord.PathFor(partial), size);
        return record.TryLoad() ?? [new(0, new FileInfo(partial).Length)];
    }

    private static (long Start, long Last) Parse(string header, long size)
    {
        var parts = header["bytes=".Length..].Split('-');
        var start = long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
        return (start, parts[1].Length == 0 ? size - 1 : long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
    }
}

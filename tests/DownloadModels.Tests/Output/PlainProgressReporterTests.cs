using DownloadModels.Engine;
using DownloadModels.Hub;
using DownloadModels.Output;
using DownloadModels.Transfer;
using static DownloadModels.Tests.Output.OutputFixtures;

namespace DownloadModels.Tests.Output;

public class PlainProgressReporterTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private readonly ManualTimeProvider _clock = new();
    private readonly StringWriter _output = new();

    private PlainProgressReporter Reporter(bool verbose = false) => new(_output, _clock, Interval, verbose);

    [Test]
    public async Task ModelPlanned_Plan_OneSummaryLine()
    {
        await using var reporter = Reporter();
        reporter.ModelPlanned(Whisper());
        await Assert.That(_output.ToString())
            .IsEqualTo("[stt] Systran/faster-whisper-tiny @ main (d90ca5f): 5 files, 75.6 MB; 0 B cached, 75.6 MB to fetch\n");
    }

    [Test]
    public async Task FileFinished_Fetched_SizeTimeAndSpeed()
    {
        var line = await FinishModelBinAsync(new BlobResult(false, 75_500_000, 0, 0));
        await Assert.That(line).IsEqualTo("[stt]   model.bin 75.5 MB in 3.1 s (24.4 MB/s)");
    }

    [Test]
    public async Task FileFinished_Resumed_SaysResumedFrom()
    {
        var line = await FinishModelBinAsync(new BlobResult(false, 45_500_000, 30_000_000, 2));
        await Assert.That(line).IsEqualTo("[stt]   model.bin 75.5 MB in 3.1 s (14.7 MB/s, resumed from 30.0 MB, 2 retries)");
    }

    [Test]
    public async Task FileFinished_WasCached_SaysAnotherProcessWroteIt()
    {
        var line = await FinishModelBinAsync(new BlobResult(true, 0, 0, 0));
        await Assert.That(line).IsEqualTo("[stt]   model.bin 75.5 MB (already in the cache: written meanwhile by another download of the same content)");
    }

    [Test]
    public async Task FileFailed_Error_PrefixedWithLabel()
    {
        await using var reporter = Reporter();
        var plan = Whisper();
        var file = reporter.FileStarted(plan, ModelBin(plan));
        reporter.FileFailed(file, "Systran/faster-whisper-tiny/model.bin: the disk is full.");
        await Assert.That(_output.ToString()).IsEqualTo("[stt] error: Systran/faster-whisper-tiny/model.bin: the disk is full.\n");
    }

    [Test]
    public async Task ModelFinished_Success_OneSummaryLineWithRepoCommitAndTotal()
    {
        await using var reporter = Reporter();
        var plan = Whisper();
        reporter.ModelPlanned(plan);
        reporter.ModelFinished(Result(plan, FileStatus.Fetched));
        await Assert.That(_output.ToString().Split('\n')[1])
            .IsEqualTo("[stt] Systran/faster-whisper-tiny @ main (d90ca5f): done, 5 files, 75.6 MB (0 cached, 75.6 MB fetched) in 3.0 s");
    }

    [Test]
    public async Task ModelFinished_Failure_FirstErrorThenOthersIndented()
    {
        await using var reporter = Reporter();
        reporter.ModelFinished(new ModelResult(Request(), null, 0, 0, 0, 0, TimeSpan.FromSeconds(1), ["first", "second"]));
        await Assert.That(_output.ToString()).IsEqualTo("[stt] Systran/faster-whisper-tiny @ main: failed: first\n[stt]   second\n");
    }

    [Test]
    public async Task ModelFinished_FileErrorsPrintedBefore_CountedNotRepeated()
    {
        await using var reporter = Reporter();
        var plan = Whisper();
        reporter.ModelPlanned(plan);
        var file = reporter.FileStarted(plan, ModelBin(plan));
        reporter.FileFailed(file, "model.bin: connection reset");
        reporter.ModelFinished(Result(plan, FileStatus.Cached, ("model.bin", "model.bin: connection reset")));

        await Assert.That(Lines()[1..]).IsEquivalentTo(
            ["[stt] error: model.bin: connection reset", "[stt] Systran/faster-whisper-tiny @ main (d90ca5f): failed: 1 file of 5 failed (above)"],
            TUnit.Assertions.Enums.CollectionOrdering.Matching);
    }

    [Test]
    public async Task FileFinished_NotVerbose_NoLine()
    {
        await using var reporter = Reporter();
        var plan = Whisper();
        var file = reporter.FileStarted(plan, ModelBin(plan));
        reporter.FileFinished(file, new BlobResult(false, 75_500_000, 0, 0));
        await Assert.That(_output.ToString()).IsEmpty();
    }

    [Test]
    public async Task Retrying_Notice_OneLineAsItHappens()
    {
        await using var reporter = Reporter();
        reporter.Retrying(new RetryNotice("model.bin", "connection refused", TimeSpan.FromSeconds(4), 2, 5));
        await Assert.That(_output.ToString()).IsEqualTo("model.bin: retrying in 4 s (2/5): connection refused\n");
    }

    [Test]
    public async Task Timer_StalledTransfer_HeartbeatEverySixIntervals()
    {
        await using var reporter = Reporter();
        var plan = Whisper();
        reporter.FileStarted(plan, ModelBin(plan)).Received(1_000);
        _clock.Advance(Interval);
        _clock.Advance(Interval * PlainProgressReporter.QuietHeartbeats);
        await Assert.That(Lines().Length).IsEqualTo(2);
    }

    [Test]
    public async Task Notice_Message_PrintedAsIs()
    {
        await using var reporter = Reporter();
        reporter.Notice("model.bin: waiting for another process");
        await Assert.That(_output.ToString()).IsEqualTo("model.bin: waiting for another process\n");
    }

    [Test]
    public async Task Timer_ProgressWithinInterval_AtMostOneAggregateLine()
    {
        await using var reporter = Reporter();
        var plan = Plan(Request(), File("a.bin", 60_000_000), File("b.bin", 60_000_000));
        reporter.ModelPlanned(plan);
        var a = reporter.FileStarted(plan, plan.Files[0]);
        reporter.FileStarted(plan, plan.Files[1]);

        a.Received(20_000_000);
        _clock.Advance(TimeSpan.FromSeconds(5));
        var beforeTick = Lines().Length;
        a.Received(25_200_000);
        _clock.Advance(TimeSpan.FromSeconds(5));

        await Assert.That(beforeTick).IsEqualTo(1);
        await Assert.That(Lines()).IsEquivalentTo(
            [ProgressLines.Planned(plan), "  … 45.2 MB of 120 MB (37%), 4.5 MB/s, ETA 17 s"],
            TUnit.Assertions.Enums.CollectionOrdering.Matching);
    }

    [Test]
    public async Task Timer_NothingChanged_NoNewLine()
    {
        await using var reporter = Reporter();
        var plan = Whisper();
        reporter.FileStarted(plan, ModelBin(plan)).Received(1_000);
        _clock.Advance(Interval);
        _clock.Advance(Interval * 3);
        await Assert.That(Lines().Length).IsEqualTo(1);
    }

    [Test]
    public async Task Timer_NoActiveFile_NothingPrinted()
    {
        await using var reporter = Reporter();
        reporter.ModelPlanned(Whisper());
        _clock.Advance(TimeSpan.FromMinutes(1));
        await Assert.That(Lines().Length).IsEqualTo(1);
    }

    [Test]
    public async Task DisposeAsync_Timer_Stopped()
    {
        var reporter = Reporter();
        var plan = Whisper();
        reporter.FileStarted(plan, ModelBin(plan)).Received(1_000);
        await reporter.DisposeAsync();
        _clock.Advance(TimeSpan.FromMinutes(1));
        await Assert.That(_output.ToString()).IsEmpty();
        await Assert.That(_clock.TimerCount).IsEqualTo(0);
    }

    [Test]
    public async Task DisposeAsync_ModelUnfinished_SaysHowFarItGot()
    {
        var reporter = Reporter();
        var plan = Whisper();
        reporter.ModelPlanned(plan);
        var file = reporter.FileStarted(plan, plan.Files[0]);
        reporter.FileFinished(file, new BlobResult(false, 2_250, 0, 0));

        await reporter.DisposeAsync();

        await Assert.That(Lines()[^1]).IsEqualTo("[stt] Systran/faster-whisper-tiny @ main (d90ca5f): stopped with 1 of 5 files in place");
    }

    [Test]
    public async Task Output_WholeRunWithHostileText_NoEscapeOrCarriageReturn()
    {
        await using (var reporter = Reporter())
        {
            var plan = Whisper();
            reporter.ModelPlanned(plan);
            var file = reporter.FileStarted(plan, ModelBin(plan));
            file.Received(1_000_000);
            _clock.Advance(Interval);
            reporter.Notice("server said \x1b[31mno\x1b[0m\r\n");
            reporter.FileFailed(file, "line one\r\nline two\rthree");
            reporter.ModelFinished(new ModelResult(plan.Request, Commit, 5, 0, 0, 0, Interval, ["boom\r"]));
        }

        var text = _output.ToString();
        await Assert.That(text).DoesNotContain('\x1b');
        await Assert.That(text).DoesNotContain('\r');
        await Assert.That(text).EndsWith("\n");
    }

    [Test]
    public async Task Timer_ChunksCopiedFromTheCache_HeartbeatSaysReused()
    {
        await using var reporter = Reporter();
        var plan = Whisper();
        reporter.ModelPlanned(plan);
        var file = reporter.FileStarted(plan, ModelBin(plan));
        file.Copied(30_000_000);
        file.Transferred(1_000_000);
        file.Wrote(2_000_000);
        _clock.Advance(Interval);

        await Assert.That(Lines()[^1]).StartsWith("  … 32.0 MB of 75.6 MB (42%), 30.0 MB reused, ");
    }

    [Test]
    public async Task ModelFinished_ChunksReused_SaysHowMuchAfterFetched()
    {
        await using var reporter = Reporter();
        var plan = Whisper();
        reporter.ModelPlanned(plan);
        var done = Result(plan, FileStatus.Fetched);
        var files = done.FileResults.Select(f => f.File.Path == "model.bin" ? f with { Transfer = new BlobResult(false, 15_500_000, 0, 0) { BytesReused = 60_000_000 } } : f).ToArray();
        reporter.ModelFinished(done with { BytesFetched = files.Sum(f => f.Transfer!.BytesFetched), FileResults = files });

        await Assert.That(Lines()[^1]).IsEqualTo("[stt] Systran/faster-whisper-tiny @ main (d90ca5f): done, 5 files, 75.6 MB (0 cached, 15.6 MB fetched, 60.0 MB reused) in 3.0 s");
    }

    private string[] Lines() => _output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private async Task<string> FinishModelBinAsync(BlobResult result)
    {
        await using var reporter = Reporter(verbose: true);
        var plan = Whisper();
        var file = reporter.FileStarted(plan, ModelBin(plan));
        _clock.Advance(TimeSpan.FromSeconds(3.1));
        reporter.FileFinished(file, result);
        return _output.ToString().TrimEnd('\n');
    }
}

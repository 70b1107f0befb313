using System.Text.RegularExpressions;
using DownloadModels.Engine;
using DownloadModels.Output;
using DownloadModels.Transfer;
using static DownloadModels.Tests.Output.OutputFixtures;

namespace DownloadModels.Tests.Output;

public partial class LiveProgressReporterTests
{
    private static readonly TimeSpan Redraw = TimeSpan.FromMilliseconds(200);

    private readonly ManualTimeProvider _clock = new();
    private readonly StringWriter _output = new();

    private static ModelPlan Voices(params PlannedFile[] files) => Plan(Request("tts", "hexgrad/Kokoro-82M"), files);

    [Test]
    public async Task Tick_ActiveFile_DrawsFileLineAndTotalWithHiddenCursor()
    {
        await using var reporter = new LiveProgressReporter(_output, _clock, 100);
        var plan = Voices(File("voices/pf_dora.pt", 523_000));
        reporter.ModelPlanned(plan);
        var drawn = _output.ToString().Length;
        reporter.FileStarted(plan, plan.Files[0]).Received(235_350);
        _clock.Advance(Redraw);

        await Assert.That(_output.ToString()[drawn..]).IsEqualTo(
            "\x1b[?25l" +
            "\x1b[2K[tts] voices/pf_dora.pt  [####------]  45%  235 kB/523 kB  1.2 MB/s\n" +
            "\x1b[2Ktotal: 235 kB of 523 kB (45%), 1.2 MB/s, ETA 1 s\n");
    }

    [Test]
    public async Task Notice_BlockShown_PrintedAboveRedrawnBlock()
    {
        await using var reporter = new LiveProgressReporter(_output, _clock, 100);
        var plan = Voices(File("voices/pf_dora.pt", 523_000));
        reporter.FileStarted(plan, plan.Files[0]).Received(235_350);
        _clock.Advance(Redraw);
        var drawn = _output.ToString().Length;

        reporter.Notice("hello");

        await Assert.That(_output.ToString()[drawn..]).StartsWith("\x1b[2F\x1b[Jhello\n\x1b[2K[tts] voices/pf_dora.pt  [####------]");
    }

    [Test]
    public async Task FileFinished_LastActiveFile_PermanentLineReplacesBlock()
    {
        await using var reporter = new LiveProgressReporter(_output, _clock, 100);
        var plan = Whisper();
        var file = reporter.FileStarted(plan, ModelBin(plan));
        _clock.Advance(TimeSpan.FromSeconds(3.1));
        var drawn = _output.ToString().Length;

        reporter.FileFinished(file, new BlobResult(false, 75_500_000, 0, 0));

        await Assert.That(_output.ToString()[drawn..]).IsEqualTo("\x1b[2F\x1b[J[stt]   model.bin 75.5 MB in 3.1 s (24.4 MB/s)\n");
    }

    [Test]
    public async Task DisposeAsync_BlockShown_ErasesBlockAndShowsCursor()
    {
        var reporter = new LiveProgressReporter(_output, _clock, 100);
        var plan = Whisper();
        reporter.FileStarted(plan, ModelBin(plan));
        _clock.Advance(Redraw);

        await reporter.DisposeAsync();

        await Assert.That(_output.ToString()).EndsWith("\x1b[2F\x1b[J\x1b[?25h");
        await Assert.That(_clock.TimerCount).IsEqualTo(0);
    }

    [Test]
    public async Task Output_NoActiveFile_PlainLinesWithoutEscapes()
    {
        await using (var reporter = new LiveProgressReporter(_output, _clock, 100))
        {
            var plan = Whisper(cached: true);
            reporter.ModelPlanned(plan);
            _clock.Advance(Redraw * 5);
            reporter.ModelFinished(new ModelResult(plan.Request, Commit, 5, 5, 0, plan.TotalBytes, Redraw, []));
        }

        await Assert.That(_output.ToString()).IsEqualTo(
            "[stt] Systran/faster-whisper-tiny @ main (d90ca5f): 5 files, 75.6 MB; 75.6 MB cached, 0 B to fetch\n" +
            "[stt] done: 5 files, 75.6 MB (5 cached, 0 B fetched) in 200 ms\n");
    }

    [Test]
    public async Task Tick_NarrowTerminal_EveryBlockRowFitsWidth()
    {
        await using var reporter = new LiveProgressReporter(_output, _clock, 40);
        var plan = Voices(File("some/very/deeply/nested/folder/of/voices/pf_dora.pt", 523_000));
        reporter.ModelPlanned(plan);
        _output.GetStringBuilder().Clear();
        reporter.FileStarted(plan, plan.Files[0]).Received(100_000);
        _clock.Advance(Redraw);

        var rows = VisibleRows();
        await Assert.That(rows.Length).IsEqualTo(2);
        await Assert.That(rows.Max(r => r.Length)).IsLessThanOrEqualTo(39);
        await Assert.That(rows[0]).StartsWith("[tts] …");
        await Assert.That(rows[0]).Contains("pf_dora.pt");
    }

    [Test]
    public async Task Tick_TenActiveFiles_EightLinesThenMore()
    {
        await using var reporter = new LiveProgressReporter(_output, _clock, 120);
        var plan = Voices(Enumerable.Range(0, 10).Select(i => File($"voices/v{i}.pt", 1_000)).ToArray());
        reporter.ModelPlanned(plan);
        _output.GetStringBuilder().Clear();
        foreach (var file in plan.Files)
            reporter.FileStarted(plan, file);
        _clock.Advance(Redraw);

        var rows = VisibleRows();
        await Assert.That(rows.Length).IsEqualTo(10);
        await Assert.That(rows[8]).IsEqualTo("… and 2 more");
        await Assert.That(rows[9]).StartsWith("total: 0 B of 10.0 kB (0%)");
    }

    [Test]
    public async Task Tick_NothingChanged_NothingRewritten()
    {
        await using var reporter = new LiveProgressReporter(_output, _clock, 100);
        var plan = Whisper();
        reporter.FileStarted(plan, ModelBin(plan));
        _clock.Advance(Redraw);
        var drawn = _output.ToString().Length;

        _clock.Advance(Redraw * 3);

        await Assert.That(_output.ToString().Length).IsEqualTo(drawn);
    }

    private string[] VisibleRows() =>
        AnsiSequence().Replace(_output.ToString(), "").Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [GeneratedRegex(@"\x1b\[[0-9;?]*[A-Za-z]")]
    private static partial Regex AnsiSequence();
}

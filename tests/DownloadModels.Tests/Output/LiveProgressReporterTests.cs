using DownloadModels.Engine;
using DownloadModels.Hub;
using DownloadModels.Output;
using DownloadModels.Transfer;
using static DownloadModels.Tests.Output.OutputFixtures;

namespace DownloadModels.Tests.Output;

/// <summary>
/// The live view as a user sees it: what it writes is played into a <see cref="VirtualTerminal"/> that
/// wraps and reflows like a real one, so "nothing stale after a resize or at exit" is checked on the screen.
/// </summary>
public class LiveProgressReporterTests
{
    private static readonly TimeSpan Redraw = TimeSpan.FromMilliseconds(200);

    private static ModelPlan Voices(params PlannedFile[] files) => Plan(Request("tts", "hexgrad/Kokoro-82M"), files);

    /// <summary>A live view writing into a virtual terminal of a size the test changes at will.</summary>
    private sealed class View(int width = 100, int height = 40)
    {
        private readonly StringWriter _output = new();
        private int _played;
        private TerminalSize _size = new(width, height);

        public ManualTimeProvider Clock { get; } = new();
        public VirtualTerminal Terminal { get; } = new(width);
        public int Written => _output.ToString().Length;

        public LiveProgressReporter Reporter(bool verbose = false) => new(_output, Clock, () => _size, verbose);

        /// <summary>Plays what the view wrote since last time into the terminal and returns its lines.</summary>
        public IReadOnlyList<string> Screen()
        {
            var text = _output.ToString();
            Terminal.Write(text[_played..]);
            _played = text.Length;
            return Terminal.Lines;
        }

        public void Resize(int newWidth, int newHeight = 40)
        {
            Screen();
            Terminal.Resize(newWidth);
            _size = new TerminalSize(newWidth, newHeight);
        }
    }

    [Test]
    public async Task Tick_ActiveFile_ModelLineFileLineAndTotal()
    {
        var view = new View();
        await using var reporter = view.Reporter();
        var plan = Voices(File("voices/pf_dora.pt", 523_000), File("config.json", 2_000));
        reporter.ModelPlanned(plan);
        reporter.FileStarted(plan, plan.Files[0]).Received(235_350);
        view.Clock.Advance(Redraw);

        await Assert.That(view.Screen()).IsEquivalentTo(
        [
            "[tts] hexgrad/Kokoro-82M  [####------]   44%  0/2 files  235 kB/525 kB  1.2 MB/s",
            "  voices/pf_dora.pt       [####------]   45%             235 kB/523 kB",
            "total: 235 kB of 525 kB (44%), 1.2 MB/s, ETA 1 s",
        ], TUnit.Assertions.Enums.CollectionOrdering.Matching);
        await Assert.That(view.Terminal.CursorVisible).IsFalse();
    }

    [Test]
    public async Task Tick_ChunksCopiedFromTheCache_TotalSaysReusedAlsoOnceTheFileIsDone()
    {
        var view = new View();
        await using var reporter = view.Reporter();
        var plan = Voices(File("voices/pf_dora.pt", 523_000), File("config.json", 2_000));
        reporter.ModelPlanned(plan);
        var file = reporter.FileStarted(plan, plan.Files[0]);
        file.Copied(300_000);
        file.Received(35_350);
        view.Clock.Advance(Redraw);
        var during = view.Screen()[^1];
        reporter.FileStarted(plan, plan.Files[1]).Received(1_000);
        file.Received(187_650);
        reporter.FileFinished(file, new BlobResult(false, 223_000, 0, 0) { BytesReused = 300_000 });
        view.Clock.Advance(Redraw);

        await Assert.That(during).StartsWith("total: 335 kB of 525 kB (63%), 300 kB reused, ");
        await Assert.That(view.Screen()[^1]).StartsWith("total: 524 kB of 525 kB (99%), 300 kB reused, ");
    }

    [Test]
    public async Task FileFinished_NotVerbose_CountsInModelLineWithoutLineOfItsOwn()
    {
        var view = new View();
        await using var reporter = view.Reporter();
        var plan = Voices(File("voices/a.pt", 1_000), File("voices/b.pt", 1_000));
        reporter.ModelPlanned(plan);
        var a = reporter.FileStarted(plan, plan.Files[0]);
        reporter.FileStarted(plan, plan.Files[1]).Received(500);
        a.Received(1_000);
        reporter.FileFinished(a, new BlobResult(false, 1_000, 0, 0));
        view.Clock.Advance(Redraw);

        var screen = view.Screen();
        await Assert.That(screen.Count).IsEqualTo(3);
        await Assert.That(screen[0]).Contains("1/2 files");
        await Assert.That(screen.Any(l => l.Contains("voices/a.pt", StringComparison.Ordinal))).IsFalse();
    }

    [Test]
    public async Task FileFinished_Verbose_PermanentLineAboveBlock()
    {
        var view = new View();
        await using var reporter = view.Reporter(verbose: true);
        var plan = Whisper();
        reporter.ModelPlanned(plan);
        var file = reporter.FileStarted(plan, ModelBin(plan));
        view.Clock.Advance(TimeSpan.FromSeconds(3.1));

        reporter.FileFinished(file, new BlobResult(false, 75_500_000, 0, 0));

        await Assert.That(view.Screen()[0]).IsEqualTo("[stt]   model.bin 75.5 MB in 3.1 s (24.4 MB/s)");
    }

    [Test]
    public async Task ModelFinished_FiftySixVoices_OneSummaryLineAndNothingElse()
    {
        var view = new View(140);
        var plan = Voices([.. Enumerable.Range(0, 56).Select(i => File($"voices/v{i:00}.pt", 500_000))]);
        await using (var reporter = view.Reporter())
        {
            reporter.ModelPlanned(plan);
            foreach (var planned in plan.Files)
            {
                var file = reporter.FileStarted(plan, planned);
                file.Received(500_000);
                view.Clock.Advance(Redraw);
                reporter.FileFinished(file, new BlobResult(false, 500_000, 0, 0));
            }

            reporter.ModelFinished(Result(plan, FileStatus.Fetched));
        }

        var screen = view.Screen();
        await Assert.That(screen.Count).IsEqualTo(1).Because(string.Join("\n", screen));
        await Assert.That(screen[0]).StartsWith("[tts] hexgrad/Kokoro-82M @ main (d90ca5f): done, 56 files, 28.0 MB");
        await Assert.That(view.Terminal.CursorVisible).IsTrue();
    }

    [Test]
    public async Task Resize_NarrowerWhileRunning_NoStaleRowsThenOrAtExit()
    {
        var view = new View();
        var plan = Voices([.. Enumerable.Range(0, 6).Select(i => File($"some/deeply/nested/folder/voices/voice_number_{i}.pt", 5_000_000))]);
        await using (var reporter = view.Reporter())
        {
            reporter.ModelPlanned(plan);
            var files = plan.Files.Select(f => reporter.FileStarted(plan, f)).ToArray();
            foreach (var width in new[] { 100, 70, 45, 30, 90, 24 })
            {
                view.Resize(width);
                foreach (var file in files)
                    file.Received(100_000);
                view.Clock.Advance(Redraw);

                var screen = view.Screen();
                await Assert.That(screen.Count(l => l.Contains("total", StringComparison.Ordinal) || l.Contains("ETA", StringComparison.Ordinal))).IsEqualTo(1)
                    .Because($"one total line at width {width}:\n{string.Join("\n", screen)}");
                await Assert.That(screen.Count).IsEqualTo(8).Because($"model, six files, total at width {width}:\n{string.Join("\n", screen)}");
                await Assert.That(screen.Max(l => l.Length)).IsLessThan(width);
            }

            reporter.Notice("a notice");
            view.Resize(50);
            view.Clock.Advance(Redraw);
        }

        view.Screen();
        // At 50 columns the last line is wrapped at a space by the view itself, not cut mid-word by the terminal.
        await Assert.That(view.Terminal.LogicalLines).IsEquivalentTo(
            ["a notice", "[tts] hexgrad/Kokoro-82M @ main (d90ca5f):", "  stopped with 0 of 6 files in place"], TUnit.Assertions.Enums.CollectionOrdering.Matching);
    }

    [Test]
    public async Task Tick_FortyColumns_KeepsFileNamesAndEtaDropsSpeedAndBars()
    {
        var view = new View(40, 40);
                await using var reporter = view.Reporter();
        var plan = Voices(File("some/very/deeply/nested/folder/of/voices/pf_dora.pt", 5_230_000));
        reporter.ModelPlanned(plan);
        var file = reporter.FileStarted(plan, plan.Files[0]);
        file.Received(1_000_000);
        view.Clock.Advance(TimeSpan.FromSeconds(1));
        file.Received(1_000_000);
        view.Clock.Advance(Redraw);

        var screen = view.Screen();
        await Assert.That(screen.Max(l => l.Length)).IsLessThanOrEqualTo(39);
        await Assert.That(screen[1]).Contains("pf_dora.pt");
        await Assert.That(screen[1]).DoesNotContain("/s");
        await Assert.That(screen[1]).DoesNotContain("[#");
        await Assert.That(screen[^1]).Contains("ETA");
    }

    [Test]
    public async Task Tick_SeventyColumns_DropsSpeedBeforeAnythingElse()
    {
        var view = new View(75, 40);
                await using var reporter = view.Reporter();
        var plan = Voices(File("voices/pf_dora.pt", 5_230_000));
        reporter.ModelPlanned(plan);
        reporter.FileStarted(plan, plan.Files[0]).Received(1_000_000);
        view.Clock.Advance(Redraw);

        var screen = view.Screen();
        await Assert.That(screen[1]).Contains("[#");
        await Assert.That(screen[1]).Contains("1.0 MB/5.2 MB");
        await Assert.That(screen[1]).DoesNotContain("/s");
    }

    [Test]
    public async Task Tick_ShortTerminal_BlockFitsItsHeight()
    {
        var view = new View(100, 6);
                await using var reporter = view.Reporter();
        var plan = Voices([.. Enumerable.Range(0, 10).Select(i => File($"voices/v{i}.pt", 1_000))]);
        reporter.ModelPlanned(plan);
        foreach (var file in plan.Files)
            reporter.FileStarted(plan, file);
        view.Clock.Advance(Redraw);

        var screen = view.Screen();
        await Assert.That(screen.Count).IsEqualTo(5);
        await Assert.That(screen[^2]).IsEqualTo("  … and 8 more files");
        await Assert.That(screen[^1]).StartsWith("total: 0 B of 10.0 kB (0%)");
    }

    [Test]
    public async Task Retrying_WhileWaiting_ShownThenGoneAfterTheWait()
    {
        var view = new View();
        await using var reporter = view.Reporter();
        reporter.Retrying(new RetryNotice("org/model@main", "connection refused", TimeSpan.FromSeconds(2), 1, 5));
        view.Clock.Advance(Redraw);
        var during = view.Screen();
        view.Clock.Advance(TimeSpan.FromSeconds(4));
        var after = view.Screen();

        await Assert.That(during).Contains("org/model@main: retrying in 2 s (1/5): connection refused");
        await Assert.That(after).IsEmpty();
    }

    [Test]
    public async Task FileFailed_ThenModelFailed_ErrorPrintedOnce()
    {
        var view = new View();
        var plan = Whisper();
        await using (var reporter = view.Reporter())
        {
            reporter.ModelPlanned(plan);
            var file = reporter.FileStarted(plan, ModelBin(plan));
            reporter.FileFailed(file, "model.bin: the disk is full");
            reporter.ModelFinished(Result(plan, FileStatus.Cached, ("model.bin", "model.bin: the disk is full")));
        }

        var text = string.Join("\n", view.Screen());
        await Assert.That(text.Split("the disk is full").Length - 1).IsEqualTo(1).Because(text);
        await Assert.That(text).Contains("failed: 1 file of 5 failed (above)");
    }

    [Test]
    public async Task Tick_NothingChanged_NothingRewritten()
    {
        var view = new View();
        await using var reporter = view.Reporter();
        var plan = Whisper();
        reporter.ModelPlanned(plan);
        reporter.FileStarted(plan, ModelBin(plan));
        view.Clock.Advance(Redraw);
        var drawn = view.Written;

        view.Clock.Advance(Redraw * 3);

        await Assert.That(view.Written).IsEqualTo(drawn);
    }

    [Test]
    public async Task DisposeAsync_ModelUnfinished_BlockErasedOneStoppedLineCursorShownTimerStopped()
    {
        var view = new View();
        var reporter = view.Reporter();
        var plan = Whisper();
        reporter.ModelPlanned(plan);
        reporter.FileStarted(plan, ModelBin(plan));
        view.Clock.Advance(Redraw);

        await reporter.DisposeAsync();

        await Assert.That(view.Screen()).IsEquivalentTo(["[stt] Systran/faster-whisper-tiny @ main (d90ca5f): stopped with 0 of 5 files in place"]);
        await Assert.That(view.Terminal.CursorVisible).IsTrue();
        await Assert.That(view.Clock.TimerCount).IsEqualTo(0);
    }
}

using DownloadModels.Output;
using static DownloadModels.Tests.Output.OutputFixtures;

namespace DownloadModels.Tests.Output;

/// <summary>
/// The ETA of issue 23: a burst of small files must not make the largest file's own slow connection look
/// fast (the tail is that file's); a model not started says "queued"; tiny files show no speed of their own.
/// </summary>
public sealed class EtaTests
{
    private static readonly TimeSpan Redraw = TimeSpan.FromMilliseconds(200);

    [Test]
    public async Task Eta_BurstOfSmallFilesBesideOneSlowLargeFile_FollowsTheLargeFilesOwnPace()
    {
        var clock = new ManualTimeProvider();
        var output = new StringWriter();
        await using var reporter = new LiveProgressReporter(output, clock, () => new TerminalSize(120, 40));
        // One file just below the ranged size (one connection from start to end) at 100 kB/s, and 40 small files of
        // 100 kB that arrive at once.
        var size = DownloadModels.Transfer.TransferSettings.MinRangedFileSize - 1;
        var plan = Plan(Request("tts", "hexgrad/Kokoro-82M"), [File("model.pth", size), .. Enumerable.Range(0, 40).Select(i => File($"voices/v{i}.pt", 100_000))]);
        reporter.ModelPlanned(plan);
        var large = reporter.FileStarted(plan, plan.Files[0]);
        for (var second = 0; second < 3; second++)
        {
            foreach (var small in plan.Files.Skip(1 + second * 13).Take(13))
            {
                var progress = reporter.FileStarted(plan, small);
                progress.Received(100_000);
                reporter.FileFinished(progress, new(false, 100_000, 0, 0));
            }

            for (var tick = 0; tick < 5; tick++)
            {
                large.Received(20_000);
                clock.Advance(Redraw);
            }
        }

        // 3 s in: the large file has 300 kB at 100 kB/s, so (size - 300 kB) / 100 kB/s are left whatever the small files did.
        var left = (int)((size - 300_000) / 100_000);
        var total = output.ToString().Split('\n').Last(l => l.Contains("total:", StringComparison.Ordinal));
        var eta = int.Parse(System.Text.RegularExpressions.Regex.Match(total, @"ETA (\d+) s").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        await Assert.That(eta).IsBetween(left * 3 / 4, left * 5 / 4 + 1).Because(total);
    }

    [Test]
    public async Task Eta_LargeFileGainingConnections_FollowsItsSpeedNowNotItsAverage()
    {
        var clock = new ManualTimeProvider();
        var output = new StringWriter();
        await using var reporter = new LiveProgressReporter(output, clock, () => new TerminalSize(120, 40));
        var plan = Plan(Request("embeddings", "intfloat/multilingual-e5-small"), [File("model.safetensors", 100_000_000)]);
        reporter.ModelPlanned(plan);
        var large = reporter.FileStarted(plan, plan.Files[0]);
        // One connection at 500 kB/s for 3 s, then ten of them (5 MB/s) for 3 s, as a ranged download ramps up.
        for (var tick = 0; tick < 30; tick++)
        {
            large.Received(tick < 15 ? 100_000 : 1_000_000);
            clock.Advance(Redraw);
        }

        // 16.5 MB of 100 MB: 83.5 MB at the 5 MB/s it gets now is 17 s; its average since the start (2.75 MB/s) said 31 s
        // (a ranged file is not held to one connection's pace: the run's speed now covers it).
        var total = output.ToString().Split('\n').Last(l => l.Contains("total:", StringComparison.Ordinal));
        var eta = int.Parse(System.Text.RegularExpressions.Regex.Match(total, @"ETA (\d+) s").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        await Assert.That(eta).IsBetween(17 * 3 / 4, 17 * 5 / 4).Because(total);
    }

    [Test]
    public async Task ModelRow_NotStarted_SaysQueued_TinyFileRow_NoSpeed()
    {
        var clock = new ManualTimeProvider();
        var output = new StringWriter();
        await using var reporter = new LiveProgressReporter(output, clock, () => new TerminalSize(120, 40));
        var first = Plan(Request("stt", "Systran/faster-whisper-tiny"), [File("config.json", 2_000), File("model.bin", 5_000_000)]);
        var second = Plan(Request("tts", "hexgrad/Kokoro-82M"), [File("kokoro.pth", 5_000_000)]);
        reporter.ModelPlanned(first);
        reporter.ModelPlanned(second);
        reporter.FileStarted(first, first.Files[0]).Received(1_000);
        reporter.FileStarted(first, first.Files[1]).Received(1_000_000);
        clock.Advance(Redraw);

        var frame = output.ToString().Split('\n').Select(l => l.Replace("\x1b[2K", "", StringComparison.Ordinal)).ToArray();
        var kokoro = frame.Last(l => l.Contains("Kokoro-82M", StringComparison.Ordinal));
        await Assert.That(kokoro).Contains("queued").Because(string.Join('\n', frame));
        await Assert.That(kokoro).DoesNotContain("B/s");
        var config = frame.Last(l => l.Contains("config.json", StringComparison.Ordinal));
        await Assert.That(config).DoesNotContain("B/s").Because(string.Join('\n', frame));
        var model = frame.Last(l => l.Contains("model.bin", StringComparison.Ordinal));
        await Assert.That(model).Contains("B/s").Because(string.Join('\n', frame));
    }

    [Test]
    public async Task ModelRow_EveryFileInPlaceBeforeTheModelFinishes_ShowsNoSpeed()
    {
        var clock = new ManualTimeProvider();
        var output = new StringWriter();
        await using var reporter = new LiveProgressReporter(output, clock, () => new TerminalSize(120, 40));
        var plan = Plan(Request("tts", "hexgrad/Kokoro-82M"), [File("config.json", 2_000), File("kokoro.pth", 5_000_000)]);
        reporter.ModelPlanned(plan);
        foreach (var file in plan.Files)
        {
            var progress = reporter.FileStarted(plan, file);
            progress.Received((int)file.File.Size);
            clock.Advance(Redraw);
            reporter.FileFinished(progress, new(false, file.File.Size, 0, 0));
        }

        // Links and refs are being written: the row stays at 100% until ModelFinished, with no "0 B/s".
        clock.Advance(Redraw);
        var frame = output.ToString().Split('\n').Select(l => l.Replace("\x1b[2K", "", StringComparison.Ordinal)).ToArray();
        var kokoro = frame.Last(l => l.Contains("Kokoro-82M", StringComparison.Ordinal));
        await Assert.That(kokoro).Contains("100%").Because(string.Join('\n', frame));
        await Assert.That(kokoro).DoesNotContain("B/s").Because(string.Join('\n', frame));
        await Assert.That(kokoro).DoesNotContain("queued");
    }
}

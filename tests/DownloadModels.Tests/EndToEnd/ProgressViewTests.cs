using System.Diagnostics;
using System.Text.RegularExpressions;
using DownloadModels.Tests.FakeHub;
using DownloadModels.Tests.Output;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.EndToEnd;

/// <summary>
/// The published binary's progress as people meet it: in a pseudo-terminal (util-linux `script`) that is
/// narrowed mid-run, and against an endpoint nothing listens on, with the real backoff.
/// </summary>
[Category(TestCategory.Host)]
[Timeout(120_000)]
public sealed partial class ProgressViewTests
{
    [Test]
    public async Task LiveView_TerminalNarrowedMidRun_FramesFollowTheWidthAndNothingStaleRemains(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/big").AddFile("config.json", "{}").AddFile("weights/model.safetensors", 8_000_000, lfs: true);
        hub.Faults.ThrottleBytesPerSecond(2_000_000, host: FakeHost.Cdn);
        using var home = new TempHome();
        var script = home.Sub("run.sh");
        await File.WriteAllTextAsync(script, """
            stty cols 100 rows 30
            TTY=$(tty)
            ( sleep 1.5; stty -F "$TTY" cols 40 ) &
            exec "$BIN" get org/big --jobs 2 --connections 1
            """, ct);
        var result = await home.Run().Env("BIN", await NativeBinary.GetAsync()).Env("HF_ENDPOINT", hub.ApiUrl).Env("TERM", "xterm")
            .RunAsync(["-qec", $"sh {script}", "/dev/null"], TimeSpan.FromSeconds(60), null, program: "script");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        var stream = result.StdOut;
        var frames = FrameStart().Split(stream);
        await Assert.That(frames.Length).IsGreaterThan(5).Because(stream);
        var firstNarrow = Array.FindIndex(frames, 1, f => Visible(f).Length > 0 && Visible(f).All(l => l.Length <= 39));
        await Assert.That(firstNarrow).IsGreaterThan(1).Because($"a frame drawn at 40 columns:\n{stream}");
        foreach (var frame in frames[firstNarrow..^1])
            await Assert.That(Visible(frame).Max(l => l.Length)).IsLessThanOrEqualTo(39).Because(frame);

        // Replayed into a terminal that reflows like a real one, narrowed where the binary saw it narrowed.
        var terminal = new VirtualTerminal(100);
        var split = FrameStart().Matches(stream)[firstNarrow - 1].Index;
        terminal.Write(stream[..split]);
        terminal.Resize(40);
        terminal.Write(stream[split..]);
        var snapshot = Path.Combine(home.Path, ".cache/huggingface/hub/models--org--big/snapshots", repo.Commit);
        // The lines printed at 40 columns are wrapped at spaces (continuations indented by two): joined back here.
        var screen = terminal.LogicalLines.Aggregate(new List<string>(), (lines, l) =>
        {
            if (l.StartsWith("  ", StringComparison.Ordinal) && lines.Count > 0)
                lines[^1] += " " + l.Trim();
            else
                lines.Add(l);
            return lines;
        });
        await Assert.That(terminal.LogicalLines.Where(l => !l.StartsWith('/')).Max(l => l.Length)).IsLessThanOrEqualTo(99).Because(string.Join("\n", terminal.LogicalLines));
        await Assert.That(screen.Count).IsEqualTo(4).Because(string.Join("\n", screen));
        await Assert.That(screen[0]).StartsWith("Cache: ");
        await Assert.That(screen[1]).StartsWith("[org/big] @ main (");
        await Assert.That(screen[1]).Contains("done, 2 files, 8.0 MB");
        await Assert.That(screen[2]).StartsWith("1 repo ready in ");
        await Assert.That(screen[3]).IsEqualTo(snapshot);
        await Assert.That(terminal.CursorVisible).IsTrue();
    }

    [Test]
    public async Task DeadEndpoint_RealBackoff_GivesUpWithinTenSecondsRetriesShownEachErrorOnce(CancellationToken ct)
    {
        var port = LoopbackPort.Free();
        using var home = new TempHome();
        var clock = Stopwatch.StartNew();

        var result = await home.Run().Env("HF_ENDPOINT", $"http://127.0.0.1:{port}").Env("DOWNLOAD_MODELS_RETRY_BASE_DELAY_MS", "1000").RunAsync();

        await Assert.That(clock.Elapsed).IsLessThan(TimeSpan.FromSeconds(10)).Because(result.ToString());
        await Assert.That(result.ExitCode).IsEqualTo(3).Because(result.ToString());
        await Assert.That(result.StdErr).Contains("Systran/faster-whisper-tiny@main: retrying in 1 s (1/5): connection refused");
        await Assert.That(result.StdErr).Contains("retrying in 4 s (3/5): connection refused");
        await Assert.That(result.StdErr).DoesNotContain("(4/5)");
        foreach (var repo in new[] { "Systran/faster-whisper-tiny", "hexgrad/Kokoro-82M", "intfloat/multilingual-e5-small" })
            await Assert.That(Regex.Count(result.All, Regex.Escape($"{repo}@main: could not reach"))).IsEqualTo(1).Because(result.ToString());
        await Assert.That(result.StdOut).IsEqualTo("3 of 3 models failed: stt, tts, embeddings.\n");
    }

    /// <summary>The block's rows in one frame, without escapes (a frame is what follows one "move up").</summary>
    private static string[] Visible(string frame) =>
        [.. Escape().Replace(frame, "").Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0 && !l.StartsWith('[') && !l.StartsWith('/'))];

    [GeneratedRegex(@"\x1b\[\d+F")]
    private static partial Regex FrameStart();

    [GeneratedRegex(@"\x1b(\[[0-9;?]*[A-Za-z]|[=>])")]
    private static partial Regex Escape();
}

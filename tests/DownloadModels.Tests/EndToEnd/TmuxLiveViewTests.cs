using DownloadModels.Tests.FakeHub;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.EndToEnd;

/// <summary>
/// The published binary's live view in a real tmux with default options (issue 23): after the run, the
/// pane — scrollback included — holds only the permanent lines, whatever the pane's size and however it
/// was resized mid-run; finished lines are wrapped at spaces by us, never mid-word by the terminal.
/// </summary>
[Category(TestCategory.Host)]
[Timeout(120_000)]
[NotInParallel("tmux")]
public sealed class TmuxLiveViewTests
{
    [Test]
    public async Task EightRowPane_WidenedMidRun_NothingLeftInTheHistory(CancellationToken ct)
    {
        var lines = await RunInTmuxAsync(120, 8, [(1.5, 140, 8)], ct);

        await AssertOnlyPermanentLinesAsync(lines.Rows);
    }

    [Test]
    public async Task ThirtyRowPane_NarrowedMidRun_NothingLeftInTheHistoryAndFinishedLinesWrapAtSpaces(CancellationToken ct)
    {
        var lines = await RunInTmuxAsync(120, 30, [(1.5, 50, 30)], ct);

        await AssertOnlyPermanentLinesAsync(lines.Rows);

        // Joined as tmux joins soft-wrapped rows: a line longer than the pane was broken by the terminal,
        // wherever the column fell. stdout's snapshot path is for programs and is never wrapped.
        foreach (var line in lines.Joined.SkipWhile(l => !l.StartsWith("[org/big]", StringComparison.Ordinal)).Where(l => !l.StartsWith('/')))
            await Assert.That(line.Length).IsLessThanOrEqualTo(50).Because(string.Join('\n', lines.Joined));
        var summary = string.Join(' ', lines.Joined.SkipWhile(l => !l.StartsWith("[org/big]", StringComparison.Ordinal)).TakeWhile(l => !l.StartsWith("1 repo", StringComparison.Ordinal)).Select(l => l.Trim()));
        await Assert.That(summary).Contains("done, 7 files, 9.0 MB (0 cached, 9.0 MB fetched) in ").Because(string.Join('\n', lines.Joined));
    }

    [Test]
    public async Task FiveRowPane_ManyFiles_TheBlockNeverOutgrowsTheScreen(CancellationToken ct)
    {
        var lines = await RunInTmuxAsync(80, 5, [], ct);

        await AssertOnlyPermanentLinesAsync(lines.Rows);
    }

    private static async Task AssertOnlyPermanentLinesAsync(string[] rows)
    {
        var all = string.Join('\n', rows);
        foreach (var row in rows.Where(r => r.Length > 0))
        {
            // Every row of the live block shows a percentage or sums up hidden rows; no permanent line does.
            var progress = row.Contains('%', StringComparison.Ordinal) || row.Contains(" more ", StringComparison.Ordinal);
            var permanent = !progress;
            await Assert.That(permanent).IsTrue().Because($"a progress row was left behind: \"{row}\" in\n{all}");
        }

        await Assert.That(rows.Count(r => r.StartsWith("1 repo ready in ", StringComparison.Ordinal))).IsEqualTo(1).Because(all);
        await Assert.That(rows.Count(r => r.StartsWith("[org/big] @ main", StringComparison.Ordinal))).IsEqualTo(1).Because(all);
        await Assert.That(rows.Count(r => r.StartsWith("Cache: ", StringComparison.Ordinal))).IsEqualTo(1).Because(all);
        // The earlier output is all still there, in order.
        await Assert.That(rows.TakeWhile(r => !r.StartsWith("Cache: ", StringComparison.Ordinal)).Where(r => r.Length > 0).ToArray())
            .IsEquivalentTo(Enumerable.Range(1, 40).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray()).Because(all);
    }

    private sealed record Captured(string[] Rows, string[] Joined);

    private static async Task<Captured> RunInTmuxAsync(int width, int height, (double At, int Width, int Height)[] resizes, CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/big").AddFile("config.json", "{}");
        for (var i = 0; i < 6; i++)
            repo.AddFile($"weights/part-{i}-of-6.safetensors", 1_500_000, lfs: true);
        hub.Faults.ThrottleBytesPerSecond(500_000, host: FakeHost.Cdn);
        using var home = new TempHome();
        var script = home.Sub("run.sh");
        var rc = home.Sub("rc");
        await File.WriteAllTextAsync(script, $"""
            seq 1 40
            "$BIN" get org/big --jobs 3 --connections 1
            echo $? > {rc}
            exec sleep 600
            """, ct);
        var env = new Dictionary<string, string>
        {
            ["BIN"] = await NativeBinary.GetAsync(),
            ["HOME"] = home.Path,
            ["HF_ENDPOINT"] = hub.ApiUrl,
            ["DOWNLOAD_MODELS_RETRY_BASE_DELAY_MS"] = "20",
        };
        await using var pane = await TmuxPane.StartAsync(script, width, height, env);
        var started = DateTime.UtcNow;
        foreach (var (at, w, h) in resizes)
        {
            var wait = started.AddSeconds(at) - DateTime.UtcNow;
            if (wait > TimeSpan.Zero)
                await Task.Delay(wait, ct);
            await pane.ResizeAsync(w, h);
        }

        while (!File.Exists(rc) || (await File.ReadAllTextAsync(rc, ct)).Length == 0)
        {
            if (DateTime.UtcNow - started > TimeSpan.FromSeconds(90))
                throw new TimeoutException("the run in tmux did not finish: " + string.Join('\n', await pane.CaptureAsync()));
            await Task.Delay(100, ct);
        }

        var rows = await pane.CaptureAsync();
        await Assert.That((await File.ReadAllTextAsync(rc, ct)).Trim()).IsEqualTo("0").Because(string.Join('\n', rows));
        return new Captured(rows, await pane.CaptureAsync(joinWrapped: true));
    }
}

using DownloadModels.Tests.FakeHub;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Cli;

/// <summary>
/// Mistakes get the answer that fixes them: "did you mean" for flags, commands and values (the same word in
/// another case first), a flag that belongs to another command named as such, a pattern that matches
/// nothing as a failure naming it, a gated repo said once and leaving nothing behind.
/// </summary>
[Timeout(60_000)]
public sealed class FriendlyMistakeTests
{
    [Test]
    [Arguments("--whisper-modle|tiny", "unknown option '--whisper-modle' for download-models: did you mean --whisper-model?")]
    [Arguments("--Whisper-Model|tiny", "did you mean --whisper-model?")]
    [Arguments("--whisper-model|Large-v3", "unknown Whisper model 'Large-v3': did you mean large-v3?")]
    [Arguments("--whisper-model|tiny-en", "did you mean tiny.en?")]
    [Arguments("--only|TTS", "did you mean tts?")]
    [Arguments("gte|org/model", "unknown command 'gte': did you mean get?")]
    [Arguments("lsit", "did you mean list?")]
    [Arguments("get|org/model|--includ|*.json", "did you mean --include?")]
    [Arguments("get|org/model|--repo-type|datasets", "did you mean dataset?")]
    [Arguments("get|org/model|--format|jsn", "did you mean json?")]
    [Arguments("list|--token|x", "download-models list does not take --token (only the drop-in, get, pack, verify, mirror, push, lock, sync and doctor do)")]
    [Arguments("pack|b.tar.zst|--dry-run", "download-models pack does not take --dry-run")]
    [Arguments("--jobs|many", "--jobs must be a whole number between 1 and 64, not 'many'.")]
    [Arguments("--cache-dir=|--json", "--cache-dir needs a value, but got the option --json")]
    [Arguments("get|org/model|--jobs|1|--jobs|2", "--jobs was given 2 times; give it once.")]
    [Arguments("--dry-run=maybe", "--dry-run is a switch and takes no value: give --dry-run alone, not --dry-run=maybe.")]
    [Arguments("list|--files=3", "--files is a switch and takes no value")]
    public async Task Mistake_Any_OneLineWithTheLikelyFix(string joined, string expected, CancellationToken ct)
    {
        using var cli = new CliHarness("http://127.0.0.1:9");

        var result = await cli.RunAsync(joined.Split('|'), ct);

        // The drop-in's usage errors exit 1 (its contract), a command's (or a mistyped command's) 2.
        await Assert.That(result.ExitCode).IsEqualTo(joined.StartsWith('-') ? 1 : 2).Because(result.ToString());
        await Assert.That(result.ErrorLines.Length).IsEqualTo(1).Because(result.ToString());
        await Assert.That(result.StdErr).Contains(expected);
        await Assert.That(result.StdErr).DoesNotContain("System.");
    }

    [Test]
    public async Task WhisperModel_CaseMistake_SuggestsTheNameNotTheWholeList(CancellationToken ct)
    {
        using var cli = new CliHarness("http://127.0.0.1:9");

        var result = await cli.RunAsync(["--whisper-model", "Large-v3"], ct);

        await Assert.That(result.StdErr).DoesNotContain("distil-small.en");
    }

    [Test]
    public async Task Include_MatchesNothing_FailsNamingThePattern(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        hub.AddRepo("org/model").AddFile("config.json", "{}").AddFile("model.bin", 1_000, lfs: true);
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync(["get", "org/model", "--include", "*.gguf"], ct);
        var dryRun = await cli.RunAsync(["get", "org/model", "--include", "*.gguf", "--dry-run"], ct);

        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        await Assert.That(result.StdErr).Contains("no file of org/model @ main");
        await Assert.That(result.StdErr).Contains("matches --include '*.gguf'");
        await Assert.That(result.StdOut).IsEmpty();
        await Assert.That(dryRun.ExitCode).IsEqualTo(1).Because(dryRun.ToString());
        await Assert.That(dryRun.StdErr).Contains("matches --include '*.gguf'");
        await Assert.That(Directory.Exists(Path.Combine(cli.HubCache, "models--org--model"))).IsFalse();
    }

    [Test]
    public async Task GatedRepo_NoToken_MessageOnceNoFolderListShowsNothing(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        var gated = hub.AddRepo("org/gated");
        for (var i = 0; i < 5; i++)
            gated.AddFile($"f{i}.bin", 1_000 + i, lfs: true);
        gated.Gated = true;
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync(["get", "org/gated"], ct);
        var list = await cli.RunAsync(["list"], ct);

        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        await Assert.That(result.All.Split("is gated").Length - 1).IsEqualTo(1).Because(result.ToString());
        await Assert.That(result.StdErr).Contains("accept its licence");
        await Assert.That(Directory.Exists(Path.Combine(cli.HubCache, "models--org--gated"))).IsFalse();
        await Assert.That(list.StdOut).DoesNotContain("org/gated");
    }

    [Test]
    public async Task GatedRepo_WithOtherFilesInFlight_StopsThemWithoutMoreRequests(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        var gated = hub.AddRepo("org/gated");
        for (var i = 0; i < 40; i++)
            gated.AddFile($"f{i:00}.bin", 1_000 + i, lfs: true);
        gated.Gated = true;
        using var cli = new CliHarness(hub.ApiUrl);

        // Small files are bounded by --max-connections (up to twice as many in flight), not by --jobs.
        var result = await cli.RunAsync(["get", "org/gated", "--max-connections", "2"], ct);

        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        await Assert.That(hub.Requests.Count(r => r.PathAndQuery.Contains("/resolve/", StringComparison.Ordinal))).IsLessThanOrEqualTo(4);
    }

    [Test]
    public async Task Get_Quiet_StdoutIsOnlyTheSnapshotPath(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("config.json", "{}");
        using var cli = new CliHarness(hub.ApiUrl);

        var quiet = await cli.RunAsync(["get", "org/model", "-q"], ct);
        var plain = await cli.RunAsync(["get", "org/model"], ct);

        var path = Path.Combine(cli.HubCache, "models--org--model", "snapshots", repo.Commit);
        await Assert.That(quiet.StdOut).IsEqualTo(path + "\n");
        await Assert.That(quiet.StdErr).IsEmpty();
        await Assert.That(plain.StdOut).IsEqualTo(path + "\n");
        await Assert.That(plain.StdErr).Contains("1 repo ready");
    }

    [Test]
    public async Task DropIn_Text_StdoutIsTheSummaryOnly(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        PipelineRepos.AddAll(hub);
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync([], ct);

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(result.StdOut).StartsWith("All 3 models ready in ");
        await Assert.That(result.StdOut.TrimEnd('\n').Split('\n').Length).IsEqualTo(1);
        await Assert.That(result.StdErr).Contains("Cache: ");
    }

    [Test]
    public async Task EndpointWarning_PlainHttp_SaidOnceWithoutDoubleWarning(CancellationToken ct)
    {
        using var cli = new CliHarness("http://mirror.example");

        var result = await cli.RunAsync(["get", "org/model", "--offline"], ct);

        await Assert.That(result.StdErr).Contains("warning: HF_ENDPOINT mirror.example uses plain http");
        await Assert.That(result.StdErr).DoesNotContain("warning: warning:");
    }
}

using DownloadModels.Tests.FakeHub;
using DownloadModels.Tests.Inspection;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Cli;

/// <summary>`verify --repair`: only what is wrong is deleted and fetched again; then the cache verifies clean.</summary>
public sealed class VerifyRepairTests
{
    [Test]
    public async Task Repair_CorruptDanglingMissingExtra_FetchesOnlyWhatIsWrongThenVerifiesClean()
    {
        await using var downloaded = await VerifyCommandTests.DownloadedWhisperAsync();
        var (hub, repo, cli, cache) = downloaded;
        cache.FlipByte("model.bin", 77);
        File.Delete(cache.Blob("tokenizer.json"));
        File.Delete(cache.Snapshot("vocabulary.txt"));
        File.WriteAllText(cache.Snapshot("stray.txt"), "not from the hub");
        var requestsBefore = hub.Requests.Count;

        var repaired = await cli.RunAsync("verify", "--only", "stt", "--repair");
        var again = await cli.RunAsync("verify", "--only", "stt");

        await Assert.That(repaired.ExitCode).IsEqualTo(0).Because(repaired.ToString());
        await Assert.That(repaired.StdOut).Contains("After repair:");
        await Assert.That(again.ExitCode).IsEqualTo(0).Because(again.ToString());
        await Assert.That(HubServer.Sha256Hex(File.ReadAllBytes(cache.Snapshot("model.bin")))).IsEqualTo(repo.Sha256Of("model.bin"));
        await Assert.That(File.Exists(cache.Snapshot("stray.txt"))).IsFalse();
        await Assert.That(new FileInfo(cache.Snapshot("vocabulary.txt")).LinkTarget).IsEqualTo($"../../blobs/{cache.Etag("vocabulary.txt")}");
        var fetched = hub.Requests.Skip(requestsBefore).Where(r => r.PathAndQuery.Contains("/resolve/", StringComparison.Ordinal))
            .Select(r => r.PathAndQuery.Split('/').Last()).Distinct().Order().ToArray();
        await Assert.That(fetched).IsEquivalentTo(["model.bin", "tokenizer.json"]);
    }

    [Test]
    public async Task Repair_RefWithTrailingNewline_RewritesItExactly()
    {
        await using var downloaded = await VerifyCommandTests.DownloadedWhisperAsync();
        var (hub, repo, cli, cache) = downloaded;
        File.WriteAllText(cache.Ref(), repo.Commit + "\n");

        var before = await cli.RunAsync("verify", "--only", "stt");
        var repaired = await cli.RunAsync("verify", "--only", "stt", "--repair");

        await Assert.That(before.ExitCode).IsEqualTo(1).Because(before.ToString());
        await Assert.That(before.StdOut).Contains("refs/main holds the commit id with extra whitespace or a newline");
        await Assert.That(repaired.ExitCode).IsEqualTo(0).Because(repaired.ToString());
        await Assert.That(File.ReadAllText(cache.Ref())).IsEqualTo(repo.Commit);
    }

    [Test]
    public async Task Repair_CorruptRegularCopy_ReplacedByLink()
    {
        await using var downloaded = await VerifyCommandTests.DownloadedWhisperAsync();
        var (hub, _, cli, cache) = downloaded;
        cache.ReplaceLinkWithCopy("config.json", "{}"u8.ToArray());

        var repaired = await cli.RunAsync("verify", "--only", "stt", "--repair");

        await Assert.That(repaired.ExitCode).IsEqualTo(0).Because(repaired.ToString());
        await Assert.That(new FileInfo(cache.Snapshot("config.json")).LinkTarget).IsEqualTo($"../../blobs/{cache.Etag("config.json")}");
    }

    [Test]
    public async Task Repair_HubMovedOn_FetchesTheNewCommitAndMovesTheRef()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("a.json", "{}").AddFile("w.bin", 4_000, lfs: true);
        using var cli = new CliHarness(hub.ApiUrl);
        await cli.RunAsync("get", "org/model");
        var old = repo.Commit;
        repo.SetCommit(new string('b', 40)).AddFile("a.json", "{\"v\": 2}");

        var stale = await cli.RunAsync("verify", "org/model");
        var repaired = await cli.RunAsync("verify", "org/model", "--repair");

        await Assert.That(stale.ExitCode).IsEqualTo(1).Because(stale.ToString());
        await Assert.That(stale.StdOut).Contains($"refs/main points at {old[..7]}, the Hub's main is at bbbbbbb");
        await Assert.That(stale.StdOut).Contains($"all 2 selected files: snapshot {repo.Commit} is not in the cache");
        await Assert.That(repaired.ExitCode).IsEqualTo(0).Because(repaired.ToString());
        await Assert.That(File.ReadAllText(new CacheTamper(cli, repo).Ref())).IsEqualTo(repo.Commit);
    }

    [Test]
    public async Task Repair_StrayLinkToOutsideFolder_RemovesTheLinkNeverTheFolder()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = PipelineRepos.AddKokoro(hub);
        using var cli = new CliHarness(hub.ApiUrl);
        await cli.RunAsync("--only", "tts");
        var cache = new CacheTamper(cli, repo);
        var outside = Directory.CreateDirectory(Path.Combine(cli.Root, "precious")).FullName;
        File.WriteAllText(Path.Combine(outside, "pm_alex.pt"), "keep me");
        Directory.Delete(cache.Snapshot("voices"), recursive: true);
        Directory.CreateSymbolicLink(cache.Snapshot("voices"), outside);

        var repaired = await cli.RunAsync("verify", "--only", "tts", "--repair");

        await Assert.That(repaired.ExitCode).IsEqualTo(0).Because(repaired.ToString());
        await Assert.That(File.ReadAllText(Path.Combine(outside, "pm_alex.pt"))).IsEqualTo("keep me");
        await Assert.That(new DirectoryInfo(cache.Snapshot("voices")).LinkTarget).IsNull();
        await Assert.That(new FileInfo(cache.Snapshot("voices/pm_alex.pt")).LinkTarget).IsEqualTo($"../../../blobs/{cache.Etag("voices/pm_alex.pt")}");
    }

    [Test]
    public async Task Repair_Offline_UsageErrorAndNothingChanges()
    {
        await using var downloaded = await VerifyCommandTests.DownloadedWhisperAsync();
        var (hub, _, cli, cache) = downloaded;
        cache.FlipByte("model.bin");
        var before = cli.Layout();

        var result = await cli.RunAsync("verify", "--only", "stt", "--repair", "--offline");

        await Assert.That(result.ExitCode).IsEqualTo(2).Because(result.ToString());
        await Assert.That(result.StdErr).Contains("--repair fetches from the Hub");
        await Assert.That(cli.Layout()).IsEquivalentTo(before);
    }

    [Test]
    public async Task Repair_DryRun_ReportsAndChangesNothing()
    {
        await using var downloaded = await VerifyCommandTests.DownloadedWhisperAsync();
        var (hub, _, cli, cache) = downloaded;
        cache.FlipByte("model.bin");
        var before = cli.Layout();

        var result = await cli.RunAsync("verify", "--only", "stt", "--repair", "--dry-run");

        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        await Assert.That(result.StdOut).Contains("--dry-run: nothing was repaired.");
        await Assert.That(cli.Layout()).IsEquivalentTo(before);
    }

    [Test]
    public async Task Repair_HubUnreachable_ReportsWhatIsStillWrongAndCountsIt()
    {
        await using var downloaded = await VerifyCommandTests.DownloadedWhisperAsync();
        var (hub, _, cli, cache) = downloaded;
        cache.FlipByte("model.bin");
        cli.Env("HF_ENDPOINT", "http://127.0.0.1:9");

        var result = await cli.RunAsync("verify", "--only", "stt", "--repair", "--retries", "0");

        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        await Assert.That(result.StdOut).Contains("against the saved listing");
        await Assert.That(result.StdOut).Contains("What is still wrong is listed above.");
        await Assert.That(VerifyCommandTests.Line(result.StdOut.Split("After repair:")[1], "model.bin")).StartsWith("  dangling");
    }
}

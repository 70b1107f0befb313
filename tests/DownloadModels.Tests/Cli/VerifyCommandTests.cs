using DownloadModels.Tests.FakeHub;
using DownloadModels.Tests.Inspection;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Cli;

/// <summary>`verify`: each kind of damage is named, on its own line, and counted in the exit code.</summary>
public sealed class VerifyCommandTests
{
    [Test]
    public async Task Verify_AfterDownload_ExitsZeroSaysOkAndFetchesNoFile()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = PipelineRepos.AddWhisper(hub);
        using var cli = new CliHarness(hub.ApiUrl);
        await cli.RunAsync("--only", "stt");
        var before = cli.Layout();
        var requestsBefore = hub.Requests.Count;

        var result = await cli.RunAsync("verify", "--only", "stt");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(result.StdOut).Contains($"[stt] Systran/faster-whisper-tiny @ main ({repo.Commit[..7]}, against the Hub): ok, 4 files");
        await Assert.That(result.StdOut).Contains("1 repo verified: every file intact");
        var fileRequests = hub.Requests.Skip(requestsBefore).Where(r => r.Host == FakeHost.Cdn || r.PathAndQuery.Contains("/resolve/", StringComparison.Ordinal));
        await Assert.That(fileRequests).IsEmpty();
        await Assert.That(cli.Layout()).IsEquivalentTo(before);
    }

    [Test]
    public async Task Verify_BlobFlippedByte_ReportsCorruptWithBothHashes()
    {
        await using var downloaded = await DownloadedWhisperAsync();
        var (hub, repo, cli, cache) = downloaded;
        cache.FlipByte("model.bin", 1000);

        var result = await cli.RunAsync("verify", "--only", "stt");

        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        var line = Line(result.StdOut, "model.bin");
        await Assert.That(line).StartsWith("  corrupt");
        await Assert.That(line).Contains($"expected {repo.Sha256Of("model.bin")}");
        await Assert.That(result.StdOut).Contains("1 problem");
        await Assert.That(result.StdOut).Contains("--repair");
    }

    [Test]
    public async Task Verify_BlobTruncated_ReportsCorruptSize()
    {
        await using var downloaded = await DownloadedWhisperAsync();
        var (hub, _, cli, cache) = downloaded;
        cache.Truncate("model.bin", 1000);

        var result = await cli.RunAsync("verify", "--only", "stt");

        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        await Assert.That(Line(result.StdOut, "model.bin")).Contains("blob 1000 bytes, expected 300000");
    }

    [Test]
    public async Task Verify_SmallFileBlobEdited_ReportsCorruptGitSha1()
    {
        await using var downloaded = await DownloadedWhisperAsync();
        var (hub, repo, cli, cache) = downloaded;
        cache.FlipByte("config.json");

        var result = await cli.RunAsync("verify", "--only", "stt");

        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        await Assert.That(Line(result.StdOut, "config.json")).Contains($"git-sha1 is");
        await Assert.That(Line(result.StdOut, "config.json")).Contains($"expected {repo.GitSha1Of("config.json")}");
    }

    [Test]
    public async Task Verify_BlobDeleted_ReportsDangling()
    {
        await using var downloaded = await DownloadedWhisperAsync();
        var (hub, _, cli, cache) = downloaded;
        File.Delete(cache.Blob("tokenizer.json"));

        var result = await cli.RunAsync("verify", "--only", "stt");

        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        await Assert.That(Line(result.StdOut, "tokenizer.json")).StartsWith("  dangling");
    }

    [Test]
    public async Task Verify_LinkDeleted_ReportsMissingWithBlobPresent()
    {
        await using var downloaded = await DownloadedWhisperAsync();
        var (hub, _, cli, cache) = downloaded;
        File.Delete(cache.Snapshot("vocabulary.txt"));

        var result = await cli.RunAsync("verify", "--only", "stt");

        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        await Assert.That(Line(result.StdOut, "vocabulary.txt")).IsEqualTo("  missing    vocabulary.txt: no snapshot link (the blob is in the cache)");
    }

    [Test]
    public async Task Verify_AbsoluteLinkToRightBlob_ReportsWrongLink()
    {
        await using var downloaded = await DownloadedWhisperAsync();
        var (hub, _, cli, cache) = downloaded;
        File.Delete(cache.Snapshot("config.json"));
        File.CreateSymbolicLink(cache.Snapshot("config.json"), cache.Blob("config.json"));

        var result = await cli.RunAsync("verify", "--only", "stt");

        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        var line = Line(result.StdOut, "config.json");
        await Assert.That(line).StartsWith("  wrong-link");
        await Assert.That(line).Contains($"expected ../../blobs/{cache.Etag("config.json")}");
    }

    [Test]
    public async Task Verify_FileNotInCommit_ReportsExtra_ButUnselectedFileOfCommitIsNot()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("a.json", "{}").AddFile("b.json", "[]").AddFile("w.bin", 5_000, lfs: true);
        using var cli = new CliHarness(hub.ApiUrl);
        await cli.RunAsync("get", "org/model");
        var cache = new CacheTamper(cli, repo);
        File.WriteAllText(cache.Snapshot("notes.txt"), "mine");

        var result = await cli.RunAsync("verify", "org/model", "--include", "*.json");

        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        await Assert.That(Line(result.StdOut, "notes.txt")).IsEqualTo($"  extra      notes.txt: not a file of commit {repo.Commit[..7]}");
        await Assert.That(result.StdOut).DoesNotContain("w.bin");
        await Assert.That(result.StdOut).Contains("1 problem");
    }

    [Test]
    public async Task Verify_RegularCopyWithRightContent_ReportedButExitsZero()
    {
        await using var downloaded = await DownloadedWhisperAsync();
        var (hub, repo, cli, cache) = downloaded;
        cache.ReplaceLinkWithCopy("config.json", repo.GetContent("config.json"));

        var result = await cli.RunAsync("verify", "--only", "stt");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(Line(result.StdOut, "config.json")).StartsWith("  copy       config.json: a regular file");
    }

    [Test]
    public async Task Verify_RegularCopyWithWrongContent_ReportsCorrupt()
    {
        await using var downloaded = await DownloadedWhisperAsync();
        var (hub, _, cli, cache) = downloaded;
        cache.ReplaceLinkWithCopy("config.json", "{\"tampered\": 1}\n"u8.ToArray());

        var result = await cli.RunAsync("verify", "--only", "stt");

        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        await Assert.That(Line(result.StdOut, "config.json")).StartsWith("  corrupt    config.json: regular file");
    }

    [Test]
    public async Task Verify_NothingCached_OneLinePerRepoAndExitCodeCountsThem()
    {
        await using var hub = await HubServer.StartAsync();
        PipelineRepos.AddAll(hub);
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync("verify");

        await Assert.That(result.ExitCode).IsEqualTo(3).Because(result.ToString());
        await Assert.That(result.StdOut.Split('\n').Count(l => l.Contains("selected files: snapshot", StringComparison.Ordinal))).IsEqualTo(3);
        await Assert.That(result.StdOut).Contains("3 of 3 repos have problems");
        await Assert.That(Directory.Exists(cli.HfHome)).IsFalse();
    }

    [Test]
    public async Task Verify_Quiet_PrintsOnlyReposWithProblems()
    {
        await using var hub = await HubServer.StartAsync();
        var whisper = PipelineRepos.AddWhisper(hub);
        PipelineRepos.AddKokoro(hub);
        using var cli = new CliHarness(hub.ApiUrl);
        await cli.RunAsync("--only", "stt");
        await cli.RunAsync("--only", "tts");
        new CacheTamper(cli, whisper).FlipByte("model.bin");

        var result = await cli.RunAsync("verify", "--quiet");

        await Assert.That(result.ExitCode).IsEqualTo(2).Because(result.ToString());
        await Assert.That(result.StdOut).DoesNotContain("Kokoro");
        await Assert.That(result.StdOut).DoesNotContain("Cache:");
        await Assert.That(result.StdOut).Contains("[stt]");
    }

    [Test]
    public async Task Verify_BadSelection_UsageErrorExitsTwo()
    {
        using var cli = new CliHarness("http://127.0.0.1:9");

        var both = await cli.RunAsync("verify", "org/model", "--only", "stt");
        var badType = await cli.RunAsync("verify", "org/model", "--repo-type", "zoo");

        await Assert.That(both.ExitCode).IsEqualTo(2).Because(both.ToString());
        await Assert.That(both.StdErr).Contains("either repo ids or --only");
        await Assert.That(badType.ExitCode).IsEqualTo(2).Because(badType.ToString());
    }

    /// <summary>The drop-in's Whisper model (<c>--only stt</c>) downloaded: verify's and list's starting cache.</summary>
    internal static Task<DownloadedRepo> DownloadedWhisperAsync() => DownloadedRepo.StartAsync(hub => PipelineRepos.AddWhisper(hub), ["--only", "stt"]);

    internal static string Line(string output, string path) =>
        output.Split('\n').Single(l => l.StartsWith("  ", StringComparison.Ordinal) && l.Contains($" {path}", StringComparison.Ordinal));
}

using System.Text.Json;
using DownloadModels.Tests.FakeHub;
using DownloadModels.Tests.Output.Json;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Cli;

/// <summary>`list [--json]`: what the cache holds, read from disk only.</summary>
[Category(TestCategory.Host)]
public sealed class ListCommandTests
{
    [Test]
    public async Task List_NoCache_SaysSoExitsZero()
    {
        using var cli = new CliHarness("http://127.0.0.1:9");

        var table = await cli.RunAsync("list");
        var json = await cli.RunAsync("list", "--json");

        await Assert.That(table.ExitCode).IsEqualTo(0).Because(table.ToString());
        await Assert.That(table.StdOut).Contains($"No cache at {cli.HubCache} yet");
        using var doc = JsonDocument.Parse(json.StdOut);
        await Assert.That(doc.RootElement.GetProperty("exists").GetBoolean()).IsFalse();
        await Assert.That(doc.RootElement.GetProperty("repos").GetArrayLength()).IsEqualTo(0);
        await Assert.That(Directory.Exists(cli.HfHome)).IsFalse();
    }

    [Test]
    public async Task List_EmptyCache_SaysItHoldsNoRepos()
    {
        using var cli = new CliHarness();
        Directory.CreateDirectory(Path.Combine(cli.HubCache, ".locks"));

        var result = await cli.RunAsync("list");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(result.StdOut).Contains("holds no repos");
    }

    [Test]
    public async Task List_AfterDownloads_OneRowPerRepoWithRefCommitFilesAndSize()
    {
        await using var hub = await HubServer.StartAsync();
        var whisper = PipelineRepos.AddWhisper(hub);
        var kokoro = PipelineRepos.AddKokoro(hub);
        using var cli = new CliHarness(hub.ApiUrl);
        await cli.RunAsync("--only", "stt");
        await cli.RunAsync("--only", "tts");
        var requestsBefore = hub.Requests.Count;

        var result = await cli.RunAsync("list");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        var lines = result.StdOut.Split('\n');
        await Assert.That(lines[0]).StartsWith("REPO");
        var whisperRow = lines.Single(l => l.StartsWith("Systran/faster-whisper-tiny", StringComparison.Ordinal));
        await Assert.That(whisperRow).Contains($"model  main  {whisper.Commit[..7]}      4  300 kB");
        var kokoroRow = lines.Single(l => l.StartsWith("hexgrad/Kokoro-82M", StringComparison.Ordinal));
        await Assert.That(kokoroRow).Contains($"{kokoro.Commit[..7]}      5");
        await Assert.That(result.StdOut).Contains("2 repos, 2 revisions, 516 kB on disk");
        await Assert.That(hub.Requests.Count).IsEqualTo(requestsBefore);
    }

    [Test]
    public async Task ListJson_AfterDownload_StableShapeWithExactSizes()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("a.json", "{}").AddFile("w.bin", 12_345, lfs: true);
        using var cli = new CliHarness(hub.ApiUrl);
        await cli.RunAsync("get", "org/model");

        var result = await cli.RunAsync("list", "--json");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        using var doc = JsonDocument.Parse(result.StdOut);
        var root = doc.RootElement;
        await Assert.That(root.GetProperty("version").GetInt32()).IsEqualTo(1);
        await Assert.That(root.GetProperty("cache_dir").GetString()).IsEqualTo(cli.HubCache);
        await Assert.That(root.GetProperty("bytes").GetInt64()).IsEqualTo(12_347);
        var model = root.GetProperty("repos")[0];
        await Assert.That(model.GetProperty("repo_id").GetString()).IsEqualTo("org/model");
        await Assert.That(model.GetProperty("repo_type").GetString()).IsEqualTo("model");
        await Assert.That(model.GetProperty("folder").GetString()).IsEqualTo("models--org--model");
        await Assert.That(model.GetProperty("refs").GetProperty("main").GetString()).IsEqualTo(repo.Commit);
        await Assert.That(model.GetProperty("last_modified").GetString()).Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$");
        var snapshot = model.GetProperty("snapshots")[0];
        await Assert.That(snapshot.GetProperty("commit").GetString()).IsEqualTo(repo.Commit);
        await Assert.That(snapshot.GetProperty("refs")[0].GetString()).IsEqualTo("main");
        await Assert.That(snapshot.GetProperty("file_count").GetInt32()).IsEqualTo(2);
        await Assert.That(snapshot.GetProperty("bytes").GetInt64()).IsEqualTo(12_347);
        await Assert.That(model.GetProperty("partial_files").GetArrayLength()).IsEqualTo(0);
        await Assert.That(model.GetProperty("issues").GetArrayLength()).IsEqualTo(0);
        await Assert.That(result.StdOut).DoesNotContain("Cache:");
    }

    [Test]
    public async Task List_TwoCommitsSharingABlob_CountsItOnce()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("w.bin", 10_000, lfs: true).AddFile("a.json", "{}");
        using var cli = new CliHarness(hub.ApiUrl);
        await cli.RunAsync("get", "org/model");
        var first = repo.Commit;
        repo.SetCommit(new string('c', 40)).AddFile("a.json", "{\"v\":2}");
        await cli.RunAsync("get", "org/model");

        var result = await cli.RunAsync("list", "--json");
        var table = await cli.RunAsync("list");

        using var doc = JsonDocument.Parse(result.StdOut);
        var model = doc.RootElement.GetProperty("repos")[0];
        await Assert.That(model.GetProperty("snapshots").GetArrayLength()).IsEqualTo(2);
        await Assert.That(model.GetProperty("bytes").GetInt64()).IsEqualTo(10_000 + 2 + 7);
        var old = model.GetProperty("snapshots").EnumerateArray().Single(s => s.GetProperty("commit").GetString() == first);
        await Assert.That(old.GetProperty("refs").GetArrayLength()).IsEqualTo(0);
        await Assert.That(table.StdOut).Contains("2 revisions");
        await Assert.That(table.StdOut.Split('\n').Single(l => l.Contains(first[..7], StringComparison.Ordinal))).Contains(" -  ");
    }

    [Test]
    public async Task List_DanglingLinkPartialDownloadAndBadRef_Flagged()
    {
        await using var downloaded = await VerifyCommandTests.DownloadedWhisperAsync();
        var (hub, _, cli, cache) = downloaded;
        File.Delete(cache.Blob("model.bin"));
        File.WriteAllBytes(cache.Blob("model.bin") + ".incomplete", new byte[1234]);
        File.WriteAllText(cache.Ref("dev"), "garbage");

        var table = await cli.RunAsync("list");
        var json = await cli.RunAsync("list", "--json");

        await Assert.That(table.ExitCode).IsEqualTo(0).Because(table.ToString());
        await Assert.That(table.StdOut).Contains($"! partial download: blobs/{cache.Etag("model.bin")}.incomplete (1.2 kB)");
        await Assert.That(table.StdOut).Contains("/model.bin: links to ../../blobs/");
        await Assert.That(table.StdOut).Contains("! refs/dev holds 'garbage', not a commit id");
        using var doc = JsonDocument.Parse(json.StdOut);
        var model = doc.RootElement.GetProperty("repos")[0];
        await Assert.That(model.GetProperty("partial_files")[0].GetProperty("size").GetInt64()).IsEqualTo(1234);
        var kinds = model.GetProperty("issues").EnumerateArray().Select(i => i.GetProperty("kind").GetString()!).Order().ToArray();
        await Assert.That(kinds).IsEquivalentTo(["bad_ref", "dangling_link"]);
    }

    [Test]
    public async Task List_HostileCache_ReportsIssuesWithoutCrashing()
    {
        await using var downloaded = await VerifyCommandTests.DownloadedWhisperAsync();
        var (hub, repo, cli, cache) = downloaded;
        Directory.CreateDirectory(Path.Combine(cli.HubCache, "random-folder"));
        Directory.CreateSymbolicLink(cache.Snapshot("loop"), "..");
        File.CreateSymbolicLink(cache.Snapshot("passwd"), "/etc/passwd");
        File.WriteAllText(cache.Ref("old"), new string('d', 40));
        Directory.CreateDirectory(Path.Combine(cli.HubCache, "models--only-refs", "refs"));

        var result = await cli.RunAsync("list", "--json");
        var table = await cli.RunAsync("list");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        var (valid, errors) = await JsonSchemaValidator.ValidateAsync(result.StdOut);
        await Assert.That(valid).IsTrue().Because($"a hostile cache's listing is still a valid document: {errors}");
        using var doc = JsonDocument.Parse(result.StdOut);
        await Assert.That(doc.RootElement.GetProperty("issues")[0].GetProperty("kind").GetString()).IsEqualTo("not_a_repo");
        var whisper = doc.RootElement.GetProperty("repos").EnumerateArray().Single(r => r.GetProperty("repo_id").GetString() == repo.Id);
        var kinds = whisper.GetProperty("issues").EnumerateArray().Select(i => i.GetProperty("kind").GetString()!).Order().ToArray();
        await Assert.That(kinds).IsEquivalentTo(["foreign_link", "foreign_link", "ref_to_missing_snapshot"]);
        await Assert.That(whisper.GetProperty("bytes").GetInt64()).IsEqualTo(PipelineRepos.WhisperTinyWanted.Sum(repo.SizeOf));
        await Assert.That(table.ExitCode).IsEqualTo(0).Because(table.ToString());
        await Assert.That(table.StdOut).Contains("only-refs");
        await Assert.That(table.StdOut).Contains("(none)");
    }

    [Test]
    public async Task List_BadEndpointSetting_StillLists()
    {
        using var cli = new CliHarness("not a url");

        var result = await cli.RunAsync("list");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
    }

    [Test]
    public async Task List_Dataset_ShownWithItsType()
    {
        await using var hub = await HubServer.StartAsync();
        hub.AddRepo("org/data", "dataset").AddFile("train.csv", "a,b\n");
        using var cli = new CliHarness(hub.ApiUrl);
        await cli.RunAsync("get", "--repo-type", "dataset", "org/data");

        var result = await cli.RunAsync("list");

        await Assert.That(result.StdOut.Split('\n').Single(l => l.StartsWith("org/data", StringComparison.Ordinal))).Contains("dataset");
    }
}

using DownloadModels.Tests.FakeHub;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Cli;

/// <summary>hf:// URIs and web URLs as repo arguments of get: the type, revision and path they carry, and the refusals.</summary>
public sealed class HubUriCommandTests
{
    private static FakeRepo AddModel(HubServer hub) =>
        hub.AddRepo("org/model").AddFile("config.json", "{}").AddFile("sub/a.txt", "a").AddFile("sub/b.txt", "b").AddFile("sub.txt", "not the folder")
            .AddFile("w.bin", 10_000, lfs: true);

    private static string[] Snapshot(CliHarness cli, string folder, string commit) =>
        [.. Directory.EnumerateFileSystemEntries(Path.Combine(cli.HubCache, folder, "snapshots", commit), "*", SearchOption.AllDirectories)
            .Where(p => !Directory.Exists(p)).Select(p => Path.GetRelativePath(Path.Combine(cli.HubCache, folder, "snapshots", commit), p)).Order(StringComparer.Ordinal)];

    [Test]
    public async Task Get_HfUriWithAFile_FetchesOnlyThatFile()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = AddModel(hub);
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync("get", "hf://org/model/config.json");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(Snapshot(cli, "models--org--model", repo.Commit)).IsEquivalentTo(["config.json"]);
    }

    [Test]
    public async Task Get_WebUrlOnTheEndpointNamingAFolder_FetchesEverythingBelowIt()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = AddModel(hub);
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync("get", $"{hub.ApiUrl}/org/model/tree/main/sub?foo=bar");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(Snapshot(cli, "models--org--model", repo.Commit)).IsEquivalentTo(["sub/a.txt", "sub/b.txt"]);
    }

    [Test]
    public async Task Get_HfUriFolderWithTrailingSlash_SelectsOnlyTheFolder()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = AddModel(hub);
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync("get", "hf://models/org/model/sub/");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(Snapshot(cli, "models--org--model", repo.Commit)).IsEquivalentTo(["sub/a.txt", "sub/b.txt"]);
    }

    [Test]
    public async Task Get_HfUriDatasetAtABranch_DatasetFolderAndRef()
    {
        await using var hub = await HubServer.StartAsync();
        var dataset = hub.AddRepo("org/data", "dataset").AddFile("train.csv", "a,b\n1,2\n").AddBranch("v1");
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync("get", "hf://datasets/org/data@v1");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(await File.ReadAllTextAsync(Path.Combine(cli.HubCache, "datasets--org--data", "refs", "v1"))).IsEqualTo(dataset.Commit);
    }

    [Test]
    public async Task Get_HubUrlWithBlobView_SelectsTheFile()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = AddModel(hub);
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync("get", "https://huggingface.co/org/model/blob/main/sub.txt");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(Snapshot(cli, "models--org--model", repo.Commit)).IsEquivalentTo(["sub.txt"]);
    }

    [Test]
    public async Task Get_HfUriPathNotInTheCommit_FailsTheRepoNamingThePath()
    {
        await using var hub = await HubServer.StartAsync();
        AddModel(hub);
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync("get", "hf://org/model/missing.json");

        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        await Assert.That(result.All).Contains("no file or folder 'missing.json'");
    }

    [Test]
    [Arguments("--revision", "main")]
    [Arguments("--repo-type", "dataset")]
    public async Task Get_HfUriWithRevisionOrTypeOption_ExitsTwo(string option, string value)
    {
        await using var hub = await HubServer.StartAsync();
        AddModel(hub);
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync("get", "hf://org/model", option, value);

        await Assert.That(result.ExitCode).IsEqualTo(2).Because(result.ToString());
        await Assert.That(result.StdErr).Contains($"{option} cannot be used with a hf:// URI");
        await Assert.That(hub.Requests).IsEmpty();
    }

    [Test]
    [Arguments("hf://model/org/model", "must be plural")]
    [Arguments("hf://buckets/org/b", "not supported")]
    [Arguments("https://example.com/org/model", "'example.com' is not a Hub host")]
    [Arguments("https://huggingface.co/org/model/discussions/1", "names no file or folder")]
    [Arguments("hf://org/model/a//b", "empty segment")]
    public async Task Get_BadUri_ExitsTwoSayingWhy(string uri, string why)
    {
        await using var hub = await HubServer.StartAsync();
        AddModel(hub);
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync("get", uri);

        await Assert.That(result.ExitCode).IsEqualTo(2).Because(result.ToString());
        await Assert.That(result.StdErr).Contains(why);
        await Assert.That(hub.Requests).IsEmpty();
    }

    [Test]
    public async Task Verify_HfUriOfADownloadedFile_ChecksThatFile()
    {
        await using var hub = await HubServer.StartAsync();
        AddModel(hub);
        using var cli = new CliHarness(hub.ApiUrl);
        await Assert.That((await cli.RunAsync("get", "hf://org/model/sub/")).ExitCode).IsEqualTo(0);

        var folder = await cli.RunAsync("verify", "hf://org/model/sub/");
        var file = await cli.RunAsync("verify", $"{hub.ApiUrl}/org/model/blob/main/config.json");

        await Assert.That(folder.ExitCode).IsEqualTo(0).Because(folder.ToString());
        await Assert.That(folder.StdOut).Contains("ok, 2 files");
        await Assert.That(file.ExitCode).IsEqualTo(1).Because("config.json was not downloaded: " + file);
        await Assert.That(file.StdOut).Contains("config.json");
    }

    [Test]
    public async Task Get_HfUriPathWithInclude_ExitsTwo()
    {
        await using var hub = await HubServer.StartAsync();
        AddModel(hub);
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync("get", "hf://org/model/sub", "--include", "*.txt");

        await Assert.That(result.ExitCode).IsEqualTo(2).Because(result.ToString());
        await Assert.That(result.StdErr).Contains("drop --include/--exclude");
    }
}

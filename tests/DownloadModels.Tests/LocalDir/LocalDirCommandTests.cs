using System.Globalization;
using DownloadModels.Cache;
using DownloadModels.LocalDir;
using DownloadModels.Repos;
using DownloadModels.Tests.FakeHub;

namespace DownloadModels.Tests.LocalDir;

/// <summary>
/// <c>get --local-dir DIR</c> against the fake hub: plain files with huggingface_hub's metadata, nothing in the cache,
/// a second run that fetches and changes nothing, other files left alone, resume from huggingface_hub's partial name,
/// files changed on disk fetched again, files without metadata adopted by their hash, and the refusals.
/// </summary>
public sealed class LocalDirCommandTests
{
    [Test]
    public async Task Get_LocalDir_PlainFilesWithHuggingfaceHubMetadataAndNoCache()
    {
        await using var f = await LocalDirFixture.StartAsync();

        var result = await f.GetAsync();

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(result.StdErr).Contains($"Local dir: {f.Dir}");
        await Assert.That(result.StdOut).IsEqualTo(f.Dir + "\n"); // as hf download --local-dir: the folder, for a script
        foreach (var path in f.Repo.Paths)
        {
            var file = new FileInfo(Path.Combine(f.Dir, path));
            await Assert.That(file.LinkTarget).IsNull();
            await Assert.That(await File.ReadAllBytesAsync(file.FullName)).IsEquivalentTo(f.Repo.GetContent(path));
            var lines = (await File.ReadAllTextAsync(f.MetadataPath(path))).Split('\n');
            await Assert.That(lines.Length).IsEqualTo(4).Because("three lines, each ending in a newline");
            await Assert.That(lines[0]).IsEqualTo(f.Repo.Commit);
            await Assert.That(lines[1]).IsEqualTo(f.Repo.IsLfs(path) ? f.Repo.Sha256Of(path) : f.Repo.GitSha1Of(path));
            var written = double.Parse(lines[2], NumberStyles.Float, CultureInfo.InvariantCulture);
            await Assert.That(written).IsGreaterThanOrEqualTo(DownloadMetadata.UnixSeconds(file.LastWriteTimeUtc) - 1);
        }

        var huggingface = Path.Combine(f.Dir, ".cache", "huggingface");
        await Assert.That(await File.ReadAllTextAsync(Path.Combine(huggingface, ".gitignore"))).IsEqualTo("*");
        await Assert.That(await File.ReadAllTextAsync(Path.Combine(huggingface, "CACHEDIR.TAG"))).StartsWith("Signature: 8a477f597d28d172789f06886806bc55\n");
        var tree = SavedTree.Read(Path.Combine(huggingface, "trees", f.Repo.Commit + ".json"));
        await Assert.That(tree.Format).IsEqualTo(SavedTreeFormat.Current);
        await Assert.That(tree.Files!.Select(t => t.Path)).IsEquivalentTo(f.Repo.Paths);
        await Assert.That(Directory.Exists(f.Cli.HubCache)).IsFalse().Because("--local-dir does not touch the cache");
        await Assert.That(Directory.GetFiles(Path.Combine(huggingface, "download"), "*.incomplete", SearchOption.AllDirectories)).IsEmpty();
    }

    [Test]
    public async Task GetJson_LocalDir_DocumentNamesTheFolderAsLocalDirAndSnapshotPath()
    {
        await using var f = await LocalDirFixture.StartAsync();

        var result = await f.GetAsync("--json");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        using var document = System.Text.Json.JsonDocument.Parse(result.StdOut);
        var root = document.RootElement;
        await Assert.That(root.GetProperty("local_dir").GetString()).IsEqualTo(f.Dir);
        var repo = root.GetProperty("repos")[0];
        await Assert.That(repo.GetProperty("snapshot_path").GetString()).IsEqualTo(f.Dir);
        await Assert.That(repo.GetProperty("files").GetArrayLength()).IsEqualTo(f.Repo.Paths.Count);
        await Assert.That(repo.GetProperty("files").EnumerateArray().All(file => file.GetProperty("status").GetString() == "fetched")).IsTrue();
    }

    [Test]
    public async Task Get_LocalDirSecondRun_FetchesNothingAndChangesNothing()
    {
        await using var f = await LocalDirFixture.StartAsync();
        await Assert.That((await f.GetAsync()).ExitCode).IsEqualTo(0);
        var before = f.Snapshot();
        var mark = f.Hub.Requests.Count;

        var again = await f.GetAsync();

        await Assert.That(again.ExitCode).IsEqualTo(0).Because(again.ToString());
        await Assert.That(f.ContentFetchesSince(mark)).IsEmpty();
        await Assert.That(f.Snapshot()).IsEquivalentTo(before);
    }

    [Test]
    public async Task Get_LocalDirSubset_LeavesUnselectedAndForeignFilesAlone()
    {
        await using var f = await LocalDirFixture.StartAsync();
        Directory.CreateDirectory(Path.Combine(f.Dir, "sub"));
        await File.WriteAllTextAsync(Path.Combine(f.Dir, "sub", "notes.txt"), "my own edit");
        await File.WriteAllTextAsync(Path.Combine(f.Dir, "README.local"), "not from the repo");

        var result = await f.GetAsync("--include", "*.json");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(await File.ReadAllTextAsync(Path.Combine(f.Dir, "sub", "notes.txt"))).IsEqualTo("my own edit");
        await Assert.That(await File.ReadAllTextAsync(Path.Combine(f.Dir, "README.local"))).IsEqualTo("not from the repo");
        await Assert.That(File.Exists(Path.Combine(f.Dir, "weights.bin"))).IsFalse();
        await Assert.That(File.Exists(Path.Combine(f.Dir, "config.json"))).IsTrue();
        await Assert.That(File.Exists(f.MetadataPath("sub/notes.txt"))).IsFalse();
    }

    [Test]
    public async Task Get_LocalDirPartialUnderHuggingfaceHubName_Resumed()
    {
        await using var f = await LocalDirFixture.StartAsync();
        var weights = new RepoFile("weights.bin", f.Repo.SizeOf("weights.bin"), f.Repo.GitSha1Of("weights.bin"), f.Repo.Sha256Of("weights.bin"));
        var partial = new LocalFolder(f.Dir).Repo(new RepoId(RepoType.Model, "org/model")).PartialPath(weights);
        Directory.CreateDirectory(Path.GetDirectoryName(partial)!);
        await File.WriteAllBytesAsync(partial, f.Repo.GetContent("weights.bin")[..200_000]);

        var result = await f.GetAsync("--connections", "1");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(await File.ReadAllBytesAsync(Path.Combine(f.Dir, "weights.bin"))).IsEquivalentTo(f.Repo.GetContent("weights.bin"));
        await Assert.That(f.Hub.Requests.Single(r => r.Host == FakeHost.Cdn).Range).IsEqualTo("bytes=200000-");
        await Assert.That(File.Exists(partial)).IsFalse();
    }

    [Test]
    public async Task Get_LocalDirFileChangedAfterItsMetadata_FetchedAgain()
    {
        await using var f = await LocalDirFixture.StartAsync();
        await Assert.That((await f.GetAsync()).ExitCode).IsEqualTo(0);
        var config = Path.Combine(f.Dir, "config.json");
        var original = await File.ReadAllBytesAsync(config);
        var tampered = original.ToArray();
        tampered[3] ^= 0x20;
        await File.WriteAllBytesAsync(config, tampered);
        File.SetLastWriteTimeUtc(config, DateTime.UtcNow.AddMinutes(5));
        var mark = f.Hub.Requests.Count;

        var result = await f.GetAsync();

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(await File.ReadAllBytesAsync(config)).IsEquivalentTo(original);
        await Assert.That(f.ContentFetchesSince(mark).Select(r => r.PathAndQuery).Any(p => p.Contains("config.json", StringComparison.Ordinal))).IsTrue();
        await Assert.That(f.ContentFetchesSince(mark).Any(r => r.Host == FakeHost.Cdn)).IsFalse().Because("the other files were not touched");
    }

    [Test]
    public async Task Get_LocalDirFilesWithoutMetadata_AdoptedByTheirHashWithoutFetching()
    {
        await using var f = await LocalDirFixture.StartAsync();
        await Assert.That((await f.GetAsync()).ExitCode).IsEqualTo(0);
        Directory.Delete(Path.Combine(f.Dir, ".cache"), recursive: true);
        var mark = f.Hub.Requests.Count;

        var result = await f.GetAsync();

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(f.ContentFetchesSince(mark)).IsEmpty();
        foreach (var path in f.Repo.Paths)
            await Assert.That((await File.ReadAllTextAsync(f.MetadataPath(path))).Split('\n')[0]).IsEqualTo(f.Repo.Commit);
    }

    [Test]
    public async Task Get_LocalDirAfterAPush_FetchesOnlyChangedFilesAndRecordsTheNewCommit()
    {
        await using var f = await LocalDirFixture.StartAsync();
        await Assert.That((await f.GetAsync()).ExitCode).IsEqualTo(0);
        f.Repo.SetCommit(new string('c', 40)).AddFile("config.json", "{\"hidden_size\": 16}");
        var mark = f.Hub.Requests.Count;

        var result = await f.GetAsync();

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(await File.ReadAllTextAsync(Path.Combine(f.Dir, "config.json"))).IsEqualTo("{\"hidden_size\": 16}");
        var fetched = f.ContentFetchesSince(mark).Where(r => r.Status is 200 or 206).Select(r => r.PathAndQuery).ToArray();
        await Assert.That(fetched.Length).IsEqualTo(1).Because(string.Join("\n", fetched));
        foreach (var path in f.Repo.Paths)
            await Assert.That((await File.ReadAllTextAsync(f.MetadataPath(path))).Split('\n')[0]).IsEqualTo(new string('c', 40));
    }

    [Test]
    public async Task Get_LocalDirOffline_CompleteFolder_ExitsZeroWithoutARequest()
    {
        await using var f = await LocalDirFixture.StartAsync();
        await Assert.That((await f.GetAsync()).ExitCode).IsEqualTo(0);
        var mark = f.Hub.Requests.Count;

        var result = await f.GetAsync("--offline");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(f.Hub.Requests.Count).IsEqualTo(mark);
    }

    [Test]
    public async Task Get_LocalDirDryRun_WritesNothing()
    {
        await using var f = await LocalDirFixture.StartAsync();

        var result = await f.GetAsync("--dry-run");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(Directory.Exists(f.Dir)).IsFalse();
    }

    [Test]
    public async Task Get_LocalDirWithCacheDir_ExitsTwoNamingBoth()
    {
        await using var f = await LocalDirFixture.StartAsync();

        var result = await f.GetAsync("--cache-dir", Path.Combine(f.Cli.Root, "other"));

        await Assert.That(result.ExitCode).IsEqualTo(2).Because(result.ToString());
        await Assert.That(result.StdErr).Contains("--local-dir and --cache-dir cannot be used together");
        await Assert.That(f.Hub.Requests).IsEmpty();
    }

    [Test]
    public async Task LocalDir_TwoRepos_ExitsTwoBeforeAnyRequest()
    {
        await using var f = await LocalDirFixture.StartAsync();
        f.Hub.AddRepo("org/other").AddFile("config.json", "{}");

        var get = await f.Cli.RunAsync("get", "org/model", "org/other", "--local-dir", f.Dir);
        var dropIn = await f.Cli.RunAsync("--local-dir", f.Dir);

        await Assert.That(get.ExitCode).IsEqualTo(2).Because(get.ToString());
        await Assert.That(get.StdErr).Contains("--local-dir holds one repo");
        await Assert.That(dropIn.ExitCode).IsEqualTo(1).Because(dropIn.ToString());
        await Assert.That(dropIn.StdErr).Contains("one --only");
        await Assert.That(f.Hub.Requests).IsEmpty();
    }

    [Test]
    public async Task DropIn_LocalDirWithOnly_PlainFilesOfThatModel()
    {
        await using var hub = await DownloadModels.Tests.FakeHub.FakeHub.StartAsync();
        var e5 = PipelineRepos.AddE5(hub);
        using var cli = new Cli.CliHarness(hub.ApiUrl);
        var dir = Path.Combine(cli.Root, "e5");

        var result = await cli.RunAsync("--only", "embeddings", "--local-dir", dir);

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        foreach (var path in PipelineRepos.E5Wanted)
            await Assert.That(await File.ReadAllBytesAsync(Path.Combine(dir, path))).IsEquivalentTo(e5.GetContent(path));
        await Assert.That(Directory.Exists(Path.Combine(dir, ".no_exist"))).IsFalse();
    }

    [Test]
    public async Task Get_LocalDirRepoWithFilesUnderCacheHuggingface_FailsNamingTheExclude()
    {
        await using var f = await LocalDirFixture.StartAsync();
        f.Repo.AddFile(".cache/huggingface/download/config.json.metadata", "forged\n");

        var refused = await f.GetAsync();
        var excluded = await f.GetAsync("--exclude", ".cache/huggingface/*");

        await Assert.That(refused.ExitCode).IsEqualTo(1).Because(refused.ToString());
        await Assert.That(refused.All).Contains("--exclude '.cache/huggingface/*'");
        await Assert.That(excluded.ExitCode).IsEqualTo(0).Because(excluded.ToString());
        await Assert.That((await File.ReadAllTextAsync(f.MetadataPath("config.json"))).Split('\n')[0]).IsEqualTo(f.Repo.Commit);
    }
}

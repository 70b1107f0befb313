using System.Text.Json.Nodes;
using DownloadModels.LocalDir;
using DownloadModels.Repos;
using DownloadModels.Tests.EndToEnd;

namespace DownloadModels.Tests.Interop;

/// <summary>
/// huggingface_hub judges <c>--local-dir</c>: after our run, its <c>snapshot_download(local_dir=DIR)</c> finds the folder
/// complete and fetches no file, <c>hf cache verify --local-dir</c> matches every checksum, and it reads our saved tree;
/// after its own run, ours fetches and changes nothing. And every name we give a local-dir file's metadata, lock and
/// partial download is the one huggingface_hub computes.
/// </summary>
[Category(TestCategory.Host)]
public sealed class LocalDirInteropTests
{
    [Test]
    public async Task LocalDir_OurGet_SnapshotDownloadFetchesNothingAndHfCacheVerifyPasses()
    {
        await using var hub = await PipelineHub.StartAsync();
        using var home = new TempHome();
        var dir = home.Sub("e5");
        var get = await hub.DropInAsync(home, "get", hub.E5.Id, "--local-dir", dir);
        await Assert.That(get.ExitCode).IsEqualTo(0).Because(get.ToString());
        var ours = CacheFingerprint.Take(dir);
        var python = new PythonRun(home.Path).Cache(PipelineHub.CacheOf(home)).Endpoint(hub.Url);
        var mark = hub.Mark();

        var snapshot = await python.CallsAsync(new JsonObject { ["op"] = "snapshot_download", ["repo_id"] = hub.E5.Id, ["local_dir"] = dir });
        var asked = hub.Since(mark);
        var changed = CacheFingerprint.Take(dir).DifferencesFrom(ours, _ => false);
        var checks = await python.CallsAsync(
            new JsonObject { ["op"] = "hf", ["argv"] = new JsonArray("cache", "verify", hub.E5.Id, "--local-dir", dir) },
            new JsonObject { ["op"] = "verify_repo_checksums", ["repo_id"] = hub.E5.Id, ["local_dir"] = dir },
            new JsonObject { ["op"] = "get_cached_repo_tree", ["repo_id"] = hub.E5.Id, ["revision"] = hub.E5.Commit, ["local_dir"] = dir });

        var problems = new List<string>(snapshot.Warnings.Concat(snapshot.Log).Concat(checks.Warnings).Concat(checks.Log));
        // Complete means more than "no bytes moved": every file's metadata names the commit it asked for, so it asks the
        // Hub nothing about any file (no HEAD), reads the listing from our trees/ file, and rewrites nothing.
        if (asked.Where(r => r.Method != "GET" || !r.PathAndQuery.StartsWith("/api/", StringComparison.Ordinal) || r.PathAndQuery.Contains("/tree/", StringComparison.Ordinal)).ToList() is { Count: > 0 } extra)
            problems.Add("snapshot_download(local_dir) asked more than the revision:\n" + PipelineHub.Describe(extra));
        problems.AddRange(changed.Select(c => "snapshot_download(local_dir) " + c));
        if (InteropCalls.Value(snapshot, 0, problems) is { } folder)
        {
            if (folder["folder"]!.GetValue<string>() != dir)
                problems.Add($"snapshot_download returned {folder["folder"]}, expected {dir}");
            foreach (var path in hub.E5.Paths)
            {
                if (folder["files"]![path]?["sha256"]?.GetValue<string>() != hub.E5.Sha256Of(path))
                    problems.Add($"{path}: snapshot_download sees {folder["files"]![path]?.ToJsonString() ?? "nothing"}");
            }
        }

        if (InteropCalls.Value(checks, 0, problems) is { } cli
            && (cli["exit"]!.GetValue<int>() != 0 || !cli["stdout"]!.GetValue<string>().Contains("All checksums match", StringComparison.Ordinal)))
            problems.Add($"hf cache verify --local-dir: exit {cli["exit"]}\n{cli["stdout"]}{cli["stderr"]}");
        if (InteropCalls.Value(checks, 1, problems) is { } verified)
        {
            // huggingface_hub counts its own .cache/huggingface/ files as extra in a local dir; anything else is a problem.
            var others = verified["extra_paths"]!.AsArray().Select(p => p!.GetValue<string>()).Where(p => !p.StartsWith(".cache/huggingface/", StringComparison.Ordinal));
            if (verified["mismatches"]!.AsArray().Count > 0 || verified["missing_paths"]!.AsArray().Count > 0 || others.Any()
                || verified["checked_count"]!.GetValue<int>() != hub.E5.Paths.Count)
                problems.Add($"verify_repo_checksums(local_dir): {verified.ToJsonString()}");
        }

        if (InteropCalls.Value(checks, 2, problems) is { } tree
            && !tree.AsArray().Select(t => t!["path"]!.GetValue<string>()).Order(StringComparer.Ordinal).SequenceEqual(hub.E5.Paths.Order(StringComparer.Ordinal)))
            problems.Add($"get_cached_repo_tree(local_dir) reads our trees/ file as {tree.ToJsonString()}");
        PipelineLoads.FailOn(checks, problems);
    }

    [Test]
    public async Task LocalDir_HuggingfaceHubFilled_OurGetFetchesNothingAndChangesNothing()
    {
        await using var hub = await PipelineHub.StartAsync();
        using var home = new TempHome();
        var dir = home.Sub("e5");
        var fill = await new PythonRun(home.Path).Cache(PipelineHub.CacheOf(home)).Endpoint(hub.Url).CallsAsync(
            new JsonObject { ["op"] = "snapshot_download", ["repo_id"] = hub.E5.Id, ["local_dir"] = dir });
        var problems = new List<string>(fill.Warnings.Concat(fill.Log));
        InteropCalls.Value(fill, 0, problems);
        PipelineLoads.FailOn(fill, problems.Select(p => "huggingface_hub's own fill (a set-up problem): " + p).ToList());
        var before = CacheFingerprint.Take(dir);
        var mark = hub.Mark();

        var get = await hub.DropInAsync(home, "get", hub.E5.Id, "--local-dir", dir);

        await Assert.That(get.ExitCode).IsEqualTo(0).Because(get.ToString());
        await Assert.That(PipelineHub.ContentFetches(hub.Since(mark))).IsEmpty();
        await Assert.That(CacheFingerprint.Take(dir).DifferencesFrom(before, _ => false)).IsEmpty();
    }

    [Test]
    public async Task LocalDir_FileNames_AreHuggingfaceHubs()
    {
        using var home = new TempHome();
        var dir = home.Sub("local");
        var folder = new LocalFolder(dir).Repo(new RepoId(RepoType.Model, "org/model"));
        string[] paths = ["config.json", "1_Pooling/config.json", "voices/af heart.pt", "ünï/файл.bin", ".gitattributes", "README", "a/b/c/d.tar.gz"];
        var etag = new string('a', 64);

        var run = await new PythonRun(home.Path).CallsAsync([.. paths.Select(p =>
            new JsonObject { ["op"] = "local_download_paths", ["local_dir"] = dir, ["filename"] = p, ["etag"] = etag })]);

        var problems = new List<string>(run.Warnings.Concat(run.Log));
        foreach (var (path, i) in paths.Select((p, i) => (p, i)))
        {
            if (InteropCalls.Value(run, i, problems) is not { } theirs)
                continue;
            var file = new RepoFile(path, 1, new string('0', 40), etag);
            var ours = new Dictionary<string, string>
            {
                ["file"] = folder.FinalPath(file),
                ["metadata"] = ((LocalRepoFolder)folder).MetadataPath(file),
                ["lock"] = folder.LockPath(file),
                ["incomplete"] = folder.PartialPath(file),
            };
            foreach (var (key, value) in ours)
            {
                if (theirs[key]!.GetValue<string>() != value)
                    problems.Add($"{path}: our {key} path is {value}, huggingface_hub's {theirs[key]}");
            }
        }

        PipelineLoads.FailOn(run, problems);
    }
}

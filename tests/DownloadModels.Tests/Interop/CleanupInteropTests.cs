using System.Text.Json.Nodes;
using DownloadModels.Tests.EndToEnd;

namespace DownloadModels.Tests.Interop;

/// <summary>
/// huggingface_hub judges what rm and prune leave: <c>hf cache ls --show-warnings</c> and <c>scan_cache_dir</c> see no
/// inconsistency and no incomplete download, <c>hf cache prune --dry-run</c> finds nothing left to prune (its idea of
/// "detached" and "incomplete" agrees with ours), and the pipeline's libraries still load every model offline.
/// </summary>
[Category(TestCategory.Host)]
public sealed class CleanupInteropTests
{
    [Test]
    public async Task RmRepoRmRevisionAndPrune_CacheScansCleanAndLoadsOffline()
    {
        await using var hub = await PipelineHub.StartAsync();
        using var home = new TempHome();
        var cache = PipelineHub.CacheOf(home);
        await Assert.That((await hub.DropInAsync(home)).ExitCode).IsEqualTo(0);
        var oldE5 = hub.E5.Commit;
        hub.E5.SetCommit(new string('e', 40)).AddFile("README.md", "# a new README\n");
        hub.Hub.AddRepo("org/extra").AddFile("config.json", "{}");
        await Assert.That((await hub.DropInAsync(home)).ExitCode).IsEqualTo(0);
        await Assert.That((await hub.DropInAsync(home, "get", "org/extra")).ExitCode).IsEqualTo(0);
        var kokoroBlobs = Path.Combine(PipelineHub.RepoFolder(cache, hub.Kokoro), "blobs");
        await File.WriteAllBytesAsync(Path.Combine(kokoroBlobs, new string('9', 64) + ".incomplete"), new byte[4096]);
        await File.WriteAllTextAsync(Path.Combine(kokoroBlobs, new string('9', 64) + ".incomplete.chunks"), "x");

        var rmRepo = await hub.DropInAsync(home, "rm", "org/extra");
        var rmRevision = await hub.DropInAsync(home, "rm", $"{hub.E5.Id}@{oldE5}");
        var prune = await hub.DropInAsync(home, "prune");

        await Assert.That(rmRepo.ExitCode).IsEqualTo(0).Because(rmRepo.ToString());
        await Assert.That(rmRevision.ExitCode).IsEqualTo(0).Because(rmRevision.ToString());
        await Assert.That(prune.ExitCode).IsEqualTo(0).Because(prune.ToString());
        await Assert.That(prune.StdOut).Contains("1 partial download");
        await JudgeAsync(hub, home, cache);
    }

    [Test]
    public async Task PruneDetachedRevisionsAfterForceDownload_CacheScansCleanAndLoadsOffline()
    {
        await using var hub = await PipelineHub.StartAsync();
        using var home = new TempHome();
        var cache = PipelineHub.CacheOf(home);
        await Assert.That((await hub.DropInAsync(home)).ExitCode).IsEqualTo(0);
        hub.Whisper.SetCommit(new string('1', 40)).AddFile("config.json", "{\"changed\": true}");
        hub.Kokoro.SetCommit(new string('2', 40)).AddFile("config.json", "{\"changed\": true}");
        var forced = await hub.DropInAsync(home, "--force-download");
        await Assert.That(forced.ExitCode).IsEqualTo(0).Because(forced.ToString());

        var prune = await hub.DropInAsync(home, "prune");

        await Assert.That(prune.ExitCode).IsEqualTo(0).Because(prune.ToString());
        await Assert.That(prune.StdOut).Contains("removed 1 revision");
        await JudgeAsync(hub, home, cache);
    }

    private static async Task JudgeAsync(PipelineHub hub, TempHome home, string cache)
    {
        var offline = new PythonRun(home.Path).Cache(cache).Endpoint(hub.Url).Offline();
        var scan = await offline.CallsAsync(
            new JsonObject { ["op"] = "hf", ["argv"] = new JsonArray("cache", "ls", "--cache-dir", cache, "--show-warnings", "--revisions", "--no-truncate") },
            new JsonObject { ["op"] = "hf", ["argv"] = new JsonArray("cache", "prune", "--cache-dir", cache, "--dry-run") },
            new JsonObject { ["op"] = "scan_cache_dir", ["cache_dir"] = cache });
        var problems = new List<string>(scan.Warnings.Concat(scan.Log));
        if (InteropCalls.Value(scan, 0, problems) is { } ls)
        {
            var text = ls["stdout"]!.GetValue<string>() + ls["stderr"]!.GetValue<string>();
            if (ls["exit"]!.GetValue<int>() != 0 || text.Contains("Warning", StringComparison.OrdinalIgnoreCase) || text.Contains("incomplete", StringComparison.OrdinalIgnoreCase))
                problems.Add($"hf cache ls --show-warnings: exit {ls["exit"]}\n{text}");
        }

        if (InteropCalls.Value(scan, 1, problems) is { } prune
            && (prune["exit"]!.GetValue<int>() != 0 || !prune["stdout"]!.GetValue<string>().Contains("Nothing to prune", StringComparison.Ordinal)))
            problems.Add($"hf cache prune --dry-run after ours: exit {prune["exit"]}\n{prune["stdout"]}{prune["stderr"]}");
        if (InteropCalls.Value(scan, 2, problems) is { } info)
        {
            if (info["warnings"]!.AsArray().Count > 0 || info["incomplete_files"]!.AsArray().Count > 0)
                problems.Add($"scan_cache_dir: {info.ToJsonString()}");
            var repos = info["repos"]!.AsArray().Select(r => r!["repo_id"]!.GetValue<string>()).Order(StringComparer.Ordinal);
            if (!repos.SequenceEqual(hub.Repos.Select(r => r.Repo.Id).Order(StringComparer.Ordinal)))
                problems.Add($"scan_cache_dir sees repos [{string.Join(", ", repos)}], expected only the pipeline's");
            foreach (var repo in info["repos"]!.AsArray())
            {
                if (repo!["revisions"]!.AsArray().Count != 1)
                    problems.Add($"{repo["repo_id"]}: {repo["revisions"]!.AsArray().Count} revisions left, expected the one main names");
            }
        }

        PipelineLoads.FailOn(scan, problems);
        var loads = await PipelineLoads.RunAsync(offline, hub);
        PipelineLoads.AssertAllFound(loads, hub);
    }
}

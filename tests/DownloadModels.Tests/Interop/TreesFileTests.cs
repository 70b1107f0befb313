using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DownloadModels.Tests.EndToEnd;

namespace DownloadModels.Tests.Interop;

/// <summary>
/// <c>trees/{commit}.json</c> is huggingface_hub's file (it reads and writes it in snapshot_download since 1.22):
/// we must write it in its format, with the listing's xet_hash, and replace the JSON array earlier releases
/// left in every cache they touched.
/// </summary>
[Category(TestCategory.Host)]
public sealed class TreesFileTests
{
    [Test]
    public async Task DropIn_FreshCache_WritesTreesFilesHuggingfaceHubReads()
    {
        await using var hub = await PipelineHub.StartAsync();
        using var home = new TempHome();
        var dropIn = await hub.DropInAsync(home);
        await Assert.That(dropIn.ExitCode).IsEqualTo(0).Because(dropIn.ToString());
        var cache = PipelineHub.CacheOf(home);

        var run = await new PythonRun(home.Path).Cache(cache).Offline()
            .CallsAsync([.. hub.Repos.Select(r => new JsonObject { ["op"] = "get_cached_repo_tree", ["repo_id"] = r.Repo.Id })]);

        var problems = new List<string>();
        foreach (var ((repo, _), call) in hub.Repos.Zip(run.Result.AsArray()))
        {
            var path = TreesFiles.PathOf(cache, repo);
            problems.AddRange(TreesFiles.HubFormatProblems(path, repo));
            // Nothing of ours under huggingface_hub's folder name: only {commit}.json files.
            problems.AddRange(Directory.EnumerateFileSystemEntries(Path.GetDirectoryName(path)!)
                .Where(p => p != path).Select(p => $"unexpected entry in trees/: {p}"));
            if (call!["ok"]!.GetValue<bool>())
            {
                var files = call["value"]!.AsArray().ToDictionary(f => f!["path"]!.GetValue<string>());
                if (!files.Keys.Order(StringComparer.Ordinal).SequenceEqual(repo.Paths.Order(StringComparer.Ordinal)))
                    problems.Add($"get_cached_repo_tree({repo.Id}) lists [{string.Join(", ", files.Keys)}]");
                problems.AddRange(files.Where(f => f.Value!["xet_hash"]?.GetValue<string>() != repo.XetHashOf(f.Key))
                    .Select(f => $"get_cached_repo_tree({repo.Id}): {f.Key} xet_hash {f.Value!["xet_hash"]?.ToJsonString() ?? "null"}, expected {repo.XetHashOf(f.Key) ?? "none"}"));
            }
            else
            {
                problems.Add($"get_cached_repo_tree({repo.Id}) raised {call["error"]}: {call["message"]}\n{OracleResult.Trim(call["traceback"]?.GetValue<string>())}");
            }
        }

        problems.AddRange(run.Warnings.Concat(run.Log));
        PipelineLoads.FailOn(run, problems);
    }

    [Test]
    public async Task DropIn_OldArrayTreesFiles_RewritesThemAndPythonLoadsOffline()
    {
        await using var hub = await PipelineHub.StartAsync();
        using var home = new TempHome();
        var cache = PipelineHub.CacheOf(home);
        await Assert.That((await hub.DropInAsync(home)).ExitCode).IsEqualTo(0);
        WriteOldTrees(cache, hub);

        var again = await hub.DropInAsync(home);

        await Assert.That(again.ExitCode).IsEqualTo(0).Because(again.ToString());
        var problems = hub.Repos.SelectMany(r => TreesFiles.HubFormatProblems(TreesFiles.PathOf(cache, r.Repo), r.Repo)).ToList();
        var run = await PipelineLoads.RunAsync(new PythonRun(home.Path).Cache(cache).Endpoint(hub.Url).Offline(), hub);
        problems.AddRange(PipelineLoads.Problems(run, hub));
        PipelineLoads.FailOn(run, problems);
    }

    [Test]
    public async Task VerifyOffline_OldArrayTreesFiles_ReportedThenRepairReplacesThem()
    {
        await using var hub = await PipelineHub.StartAsync();
        using var home = new TempHome();
        var cache = PipelineHub.CacheOf(home);
        await Assert.That((await hub.DropInAsync(home)).ExitCode).IsEqualTo(0);
        WriteOldTrees(cache, hub);

        var verify = await hub.DropInAsync(home, "verify", "--offline");
        var repair = await hub.DropInAsync(home, "verify", "--repair");
        var after = await hub.DropInAsync(home, "verify", "--offline");

        var reported = verify.ExitCode != 0
            || Regex.IsMatch(verify.All, @"trees.*(old|array|format)|(old|array|format).*trees", RegexOptions.IgnoreCase);
        await Assert.That(reported).IsTrue().Because("verify --offline said nothing of the old array-format trees files:\n" + verify);
        await Assert.That(repair.ExitCode).IsEqualTo(0).Because(repair.ToString());
        var problems = hub.Repos.SelectMany(r => TreesFiles.HubFormatProblems(TreesFiles.PathOf(cache, r.Repo), r.Repo)).ToList();
        await Assert.That(problems).IsEmpty().Because("after verify --repair:\n" + string.Join('\n', problems));
        await Assert.That(after.ExitCode).IsEqualTo(0).Because(after.ToString());
        var run = await PipelineLoads.RunAsync(new PythonRun(home.Path).Cache(cache).Endpoint(hub.Url).Offline(), hub);
        PipelineLoads.AssertAllFound(run, hub);
    }

    private static void WriteOldTrees(string cache, PipelineHub hub)
    {
        foreach (var (repo, _) in hub.Repos)
            File.WriteAllText(TreesFiles.PathOf(cache, repo), TreesFiles.OldArray(repo));
    }
}

using System.Text.Json.Nodes;
using DownloadModels.Tests.EndToEnd;

namespace DownloadModels.Tests.Interop;

/// <summary>
/// huggingface_hub's own cache tools on a cache we filled: <c>hf cache verify</c> (HfApi.verify_repo_checksums,
/// which lists the repo on the Hub and hashes what the snapshot holds), <c>hf cache ls --show-warnings</c> and
/// <c>hf cache prune --dry-run</c> (scan_cache_dir): no mismatch, no warning, nothing to prune.
/// </summary>
[Category(TestCategory.Host)]
public sealed class HfCacheCommandTests
{
    [Test]
    public async Task HfCacheVerify_DropInCache_EveryChecksumMatchesNoExtraFile()
    {
        await using var hub = await PipelineHub.StartAsync();
        using var home = new TempHome();
        var cache = PipelineHub.CacheOf(home);
        await Assert.That((await hub.DropInAsync(home)).ExitCode).IsEqualTo(0);

        var calls = new List<JsonObject>();
        foreach (var (repo, _) in hub.Repos)
        {
            calls.Add(new JsonObject { ["op"] = "hf", ["argv"] = new JsonArray("cache", "verify", repo.Id, "--cache-dir", cache, "--fail-on-extra-files") });
            calls.Add(new JsonObject { ["op"] = "verify_repo_checksums", ["repo_id"] = repo.Id, ["cache_dir"] = cache });
        }

        var run = await new PythonRun(home.Path).Cache(cache).Endpoint(hub.Url).CallsAsync([.. calls]);

        var problems = new List<string>(run.Warnings.Concat(run.Log));
        foreach (var ((repo, wanted), i) in hub.Repos.Select((r, i) => (r, i)))
        {
            var cli = Value(run, 2 * i, problems);
            if (cli is not null && (cli["exit"]!.GetValue<int>() != 0 || !cli["stdout"]!.GetValue<string>().Contains("All checksums match", StringComparison.Ordinal)))
                problems.Add($"hf cache verify {repo.Id}: exit {cli["exit"]}\n{cli["stdout"]}{cli["stderr"]}");
            if (Value(run, 2 * i + 1, problems) is not { } result)
                continue;
            if (result["revision"]!.GetValue<string>() != repo.Commit)
                problems.Add($"verify_repo_checksums({repo.Id}) checked revision {result["revision"]}, expected {repo.Commit}");
            if (result["mismatches"]!.AsArray().Count > 0 || result["extra_paths"]!.AsArray().Count > 0)
                problems.Add($"verify_repo_checksums({repo.Id}): {result.ToJsonString()}");
            // The pipeline fetches only what the library reads: the rest of the repo is "missing" by design.
            var missing = result["missing_paths"]!.AsArray().Select(p => p!.GetValue<string>()).Order(StringComparer.Ordinal);
            var notFetched = repo.Paths.Except(wanted).Order(StringComparer.Ordinal);
            if (!missing.SequenceEqual(notFetched))
                problems.Add($"verify_repo_checksums({repo.Id}) missing [{string.Join(", ", missing)}], expected the files the pipeline skips [{string.Join(", ", notFetched)}]");
        }

        PipelineLoads.FailOn(run, problems);
    }

    [Test]
    public async Task HfCacheVerify_WholeRepoFromGet_NoMissingNoExtraNoWarning()
    {
        await using var hub = await PipelineHub.StartAsync();
        using var home = new TempHome();
        var cache = PipelineHub.CacheOf(home);
        var get = await hub.DropInAsync(home, "get", hub.E5.Id);
        await Assert.That(get.ExitCode).IsEqualTo(0).Because(get.ToString());

        var run = await new PythonRun(home.Path).Cache(cache).Endpoint(hub.Url).CallsAsync(
            new JsonObject { ["op"] = "hf", ["argv"] = new JsonArray("cache", "verify", hub.E5.Id, "--cache-dir", cache, "--fail-on-missing-files", "--fail-on-extra-files") });

        var problems = new List<string>(run.Warnings.Concat(run.Log));
        if (Value(run, 0, problems) is { } cli
            && (cli["exit"]!.GetValue<int>() != 0 || cli["stderr"]!.GetValue<string>().Contains("Warning", StringComparison.OrdinalIgnoreCase)))
            problems.Add($"hf cache verify {hub.E5.Id}: exit {cli["exit"]}\n{cli["stdout"]}{cli["stderr"]}");
        PipelineLoads.FailOn(run, problems);
    }

    [Test]
    public async Task HfCacheLsAndPrune_DropInCache_NoWarningNothingToPrune()
    {
        await using var hub = await PipelineHub.StartAsync();
        using var home = new TempHome();
        var cache = PipelineHub.CacheOf(home);
        await Assert.That((await hub.DropInAsync(home)).ExitCode).IsEqualTo(0);

        var run = await new PythonRun(home.Path).Cache(cache).Offline().CallsAsync(
            new JsonObject { ["op"] = "hf", ["argv"] = new JsonArray("cache", "ls", "--cache-dir", cache, "--show-warnings", "--revisions", "--no-truncate") },
            new JsonObject { ["op"] = "hf", ["argv"] = new JsonArray("cache", "prune", "--cache-dir", cache, "--dry-run") },
            new JsonObject { ["op"] = "scan_cache_dir", ["cache_dir"] = cache });

        var problems = new List<string>(run.Warnings.Concat(run.Log));
        if (Value(run, 0, problems) is { } ls)
        {
            var text = ls["stdout"]!.GetValue<string>() + ls["stderr"]!.GetValue<string>();
            if (ls["exit"]!.GetValue<int>() != 0 || text.Contains("Warning", StringComparison.OrdinalIgnoreCase) || text.Contains("incomplete", StringComparison.OrdinalIgnoreCase))
                problems.Add($"hf cache ls --show-warnings: exit {ls["exit"]}\n{text}");
            foreach (var (repo, _) in hub.Repos)
            {
                if (!text.Contains(repo.Commit, StringComparison.Ordinal))
                    problems.Add($"hf cache ls --revisions does not list {repo.Id} @ {repo.Commit}:\n{text}");
            }
        }

        if (Value(run, 1, problems) is { } prune
            && (prune["exit"]!.GetValue<int>() != 0 || !prune["stdout"]!.GetValue<string>().Contains("Nothing to prune", StringComparison.Ordinal)))
            problems.Add($"hf cache prune --dry-run: exit {prune["exit"]}\n{prune["stdout"]}{prune["stderr"]}");

        if (Value(run, 2, problems) is { } scan)
        {
            if (scan["warnings"]!.AsArray().Count > 0 || scan["incomplete_files"]!.AsArray().Count > 0)
                problems.Add($"scan_cache_dir: {scan.ToJsonString()}");
            var repos = scan["repos"]!.AsArray().ToDictionary(r => r!["repo_id"]!.GetValue<string>());
            foreach (var (repo, wanted) in hub.Repos)
            {
                if (!repos.TryGetValue(repo.Id, out var found))
                {
                    problems.Add($"scan_cache_dir does not see {repo.Id}: {scan.ToJsonString()}");
                    continue;
                }

                var revision = found!["revisions"]!.AsArray().Single()!;
                var files = revision["files"]!.AsArray().Select(f => f!.GetValue<string>()).Order(StringComparer.Ordinal);
                var refs = string.Join(",", revision["refs"]!.AsArray().Select(r => r!.GetValue<string>()));
                if (revision["commit_hash"]!.GetValue<string>() != repo.Commit || refs != "main"
                    || !files.SequenceEqual(wanted.Select(w => w[(w.LastIndexOf('/') + 1)..]).Order(StringComparer.Ordinal)))
                    problems.Add($"scan_cache_dir sees {repo.Id} as {found.ToJsonString()}");
            }
        }

        PipelineLoads.FailOn(run, problems);
    }

    private static JsonNode? Value(OracleResult run, int index, List<string> problems)
    {
        var call = run.ExitCode == 0 ? run.Result.AsArray()[index] : null;
        if (call?["ok"]?.GetValue<bool>() == true)
            return call["value"];
        problems.Add(call is null ? $"{run.Script} failed:\n{run.StdErr}" : $"call {index} raised {call["error"]}: {call["message"]}\n{OracleResult.Trim(call["traceback"]?.GetValue<string>())}");
        return null;
    }
}

using System.Text.Json.Nodes;
using DownloadModels.Tests.EndToEnd;

namespace DownloadModels.Tests.Interop;

/// <summary>
/// A <c>mirror</c> served by Debian's stock nginx with the include it generates (README, "The Python libraries and
/// the same mirror"), used by huggingface_hub with HF_ENDPOINT pointing at nginx: snapshot_download and the
/// libraries' own calls fill a fresh cache from it, and <c>hf cache verify</c> passes on the result.
/// </summary>
[Category(TestCategory.Host)]
public sealed class MirrorInteropTests
{
    /// <param name="fromSharedStore">
    /// Mirror, offline, a cache huggingface_hub filled and that was converted to the shared blob store, instead of
    /// one the default job filled: the mirror must serve content that lives in the store.
    /// </param>
    [Test]
    [Arguments(false)]
    [Arguments(true)]
    public async Task Mirror_BehindNginxWithGeneratedInclude_PythonDownloadsAndHfCacheVerifyPasses(bool fromSharedStore)
    {
        await using var hub = await PipelineHub.StartAsync();
        using var source = new TempHome();
        using var dir = new NginxServedFolder();
        if (fromSharedStore)
        {
            var fill = await PipelineLoads.FillAsync(new PythonRun(source.Path).Cache(PipelineHub.CacheOf(source)).Endpoint(hub.Url), hub);
            await Assert.That(fill.Clean && fill.Result.AsArray().All(c => c!["ok"]!.GetValue<bool>())).IsTrue().Because(fill.ToString());
            SharedStoreConverter.Convert(PipelineHub.CacheOf(source));
        }

        var mirror = await hub.DropInAsync(source, fromSharedStore ? ["mirror", dir.Path, "--offline"] : ["mirror", dir.Path]);
        await Assert.That(mirror.ExitCode).IsEqualTo(0).Because(mirror.ToString());
        var include = Path.Combine(dir.Path, ".download-models", "nginx-hub-headers.conf");
        await using var nginx = await NginxServer.StartAsync(dir.Path, $"include \"{include}\";",
            "add_header X-Repo-Commit $hub_repo_commit always; add_header X-Linked-Etag $hub_linked_etag always; add_header X-Error-Code $hub_error_code always;");
        using var client = new TempHome();
        var snapshotCache = client.Sub("snapshot/hub");
        var librariesCache = client.Sub("libraries/hub");
        var mark = hub.Mark();

        var calls = new List<JsonObject>();
        calls.AddRange(PipelineLoads.SnapshotCalls(hub));
        foreach (var (repo, _) in hub.Repos)
        {
            calls.Add(new JsonObject { ["op"] = "hf", ["argv"] = new JsonArray("cache", "verify", repo.Id, "--cache-dir", snapshotCache, "--fail-on-extra-files") });
            calls.Add(new JsonObject { ["op"] = "verify_repo_checksums", ["repo_id"] = repo.Id, ["cache_dir"] = snapshotCache });
        }

        var snapshot = await new PythonRun(client.Path).Cache(snapshotCache).Endpoint(nginx.Url).CallsAsync([.. calls]);
        var libraries = await PipelineLoads.RunAsync(new PythonRun(client.Path).Cache(librariesCache).Endpoint(nginx.Url), hub);

        var problems = new List<string>(snapshot.Warnings.Concat(snapshot.Log).Select(w => "snapshot_download/verify: " + w));
        if (snapshot.ExitCode != 0)
            problems.Add(snapshot.ToString());
        else
        {
            var results = snapshot.Result.AsArray();
            foreach (var ((repo, wanted), i) in hub.Repos.Select((r, i) => (r, i)))
            {
                if (Value(results[i], problems, $"snapshot_download({repo.Id})") is { } folder)
                {
                    var files = folder["files"]!.AsObject();
                    problems.AddRange(wanted.Where(p => files[p]?["sha256"]?.GetValue<string>() != repo.Sha256Of(p))
                        .Select(p => $"snapshot_download({repo.Id}) through nginx: {p} is {files[p]?.ToJsonString() ?? "missing"}"));
                }

                if (Value(results[3 + 2 * i], problems, $"hf cache verify {repo.Id}") is { } cli
                    && (cli["exit"]!.GetValue<int>() != 0 || !cli["stdout"]!.GetValue<string>().Contains("All checksums match", StringComparison.Ordinal)))
                    problems.Add($"hf cache verify {repo.Id}: exit {cli["exit"]}\n{cli["stdout"]}{cli["stderr"]}");
                if (Value(results[4 + 2 * i], problems, $"verify_repo_checksums({repo.Id})") is { } verified
                    && (verified["mismatches"]!.AsArray().Count > 0 || verified["extra_paths"]!.AsArray().Count > 0 || verified["checked_count"]!.GetValue<int>() != wanted.Length))
                    problems.Add($"verify_repo_checksums({repo.Id}) through nginx: {verified.ToJsonString()}");
            }
        }

        // The libraries' own calls (hf_hub_download of branch "main"; optional files answered 404 with X-Error-Code:
        // EntryNotFound by the include, so huggingface_hub records them in .no_exist as it does against the Hub).
        problems.AddRange(PipelineLoads.Problems(libraries, hub, noExistMarkers: true).Select(p => "libraries through nginx: " + p));
        if (hub.Since(mark).Count > 0)
            problems.Add("the clients reached the hub instead of the mirror:\n" + PipelineHub.Describe(hub.Since(mark)));
        if (problems.Count > 0)
            problems.Add("nginx access log:\n" + string.Join('\n', nginx.AccessLog()));
        PipelineLoads.FailOn(snapshot, problems);
    }

    private static JsonNode? Value(JsonNode? call, List<string> problems, string what)
    {
        if (call?["ok"]?.GetValue<bool>() == true)
            return call["value"];
        problems.Add($"{what} raised {call?["error"]}: {call?["message"]}\n{OracleResult.Trim(call?["traceback"]?.GetValue<string>())}");
        return null;
    }
}

using System.Text.Json.Nodes;
using DownloadModels.Tests.EndToEnd;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Interop;

/// <summary>
/// A bundle, as Python sees it once unpacked on a host without network: one packed from a default-job cache, one
/// packed offline from a shared-blob-store cache, and one an earlier release made (its trees file in the old array
/// format) — each must load offline with no exception and no warning.
/// </summary>
public sealed class BundleInteropTests
{
    [Test]
    public async Task Unpack_BundlePackedFromDropInCache_PythonLoadsOfflineWithoutWarning()
    {
        await using var hub = await PipelineHub.StartAsync();
        using var source = new TempHome();
        using var target = new TempHome();
        var bundle = source.Sub("models.tar.zst");
        var pack = await hub.DropInAsync(source, "pack", bundle);
        await Assert.That(pack.ExitCode).IsEqualTo(0).Because(pack.ToString());
        var mark = hub.Mark();

        var unpack = await target.Run().Env("HF_HOME", target.Sub("hf")).Env("HF_HUB_OFFLINE", "1").RunAsync("unpack", bundle);

        await Assert.That(unpack.ExitCode).IsEqualTo(0).Because(unpack.ToString());
        var cache = PipelineHub.CacheOf(target);
        var problems = hub.Repos.SelectMany(r => TreesFiles.HubFormatProblems(TreesFiles.PathOf(cache, r.Repo), r.Repo)).ToList();
        var run = await PipelineLoads.RunAsync(new PythonRun(target.Path).Cache(cache).Endpoint(hub.Url).Offline(), hub);
        problems.AddRange(PipelineLoads.Problems(run, hub));
        if (hub.Since(mark).Count > 0)
            problems.Add("requests after pack:\n" + PipelineHub.Describe(hub.Since(mark)));
        PipelineLoads.FailOn(run, problems);
    }

    [Test]
    public async Task Pack_SharedBlobStoreCache_BundleUnpacksAndPythonLoadsOffline()
    {
        await using var hub = await PipelineHub.StartAsync();
        using var source = new TempHome();
        using var target = new TempHome();
        var fill = await PipelineLoads.FillAsync(new PythonRun(source.Path).Cache(PipelineHub.CacheOf(source)).Endpoint(hub.Url), hub);
        await Assert.That(fill.Clean && fill.Result.AsArray().All(c => c!["ok"]!.GetValue<bool>())).IsTrue().Because(fill.ToString());
        SharedStoreConverter.Convert(PipelineHub.CacheOf(source));
        var bundle = source.Sub("models.tar.zst");

        var pack = await hub.DropInAsync(source, "pack", bundle, "--offline");
        var unpack = await target.Run().Env("HF_HOME", target.Sub("hf")).Env("HF_HUB_OFFLINE", "1").RunAsync("unpack", bundle);

        await Assert.That(pack.ExitCode).IsEqualTo(0).Because(pack.ToString());
        await Assert.That(unpack.ExitCode).IsEqualTo(0).Because(unpack.ToString());
        var run = await PipelineLoads.RunAsync(new PythonRun(target.Path).Cache(PipelineHub.CacheOf(target)).Endpoint(hub.Url).Offline(), hub);
        // A cache huggingface_hub filled has no .no_exist markers to bundle.
        PipelineLoads.FailOn(run, PipelineLoads.Problems(run, hub, noExistMarkers: false));
    }

    [Test]
    public async Task Unpack_BundleFromEarlierRelease_PythonLoadsOfflineWithoutWarning()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = ReleaseBundle.AddRepo(hub);
        repo.XetBacked = false; // what the earlier release's trees file knew: it never kept xet hashes
        using var target = new TempHome();
        var cache = PipelineHub.CacheOf(target);

        var unpack = await target.Run().Env("HF_HOME", target.Sub("hf")).Env("HF_HUB_OFFLINE", "1").RunAsync("unpack", ReleaseBundle.Path);

        await Assert.That(unpack.ExitCode).IsEqualTo(0).Because(unpack.ToString());
        var problems = TreesFiles.HubFormatProblems(TreesFiles.PathOf(cache, repo), repo);
        var run = await new PythonRun(target.Path).Cache(cache).Endpoint(hub.ApiUrl).Offline().CallsAsync(
            new JsonObject
            {
                ["op"] = "snapshot_download", ["repo_id"] = repo.Id,
                ["allow_patterns"] = new JsonArray([.. ReleaseBundle.Packed.Select(p => JsonValue.Create(p))]),
            },
            new JsonObject { ["op"] = "hf_hub_download", ["repo_id"] = repo.Id, ["filename"] = "config.json" });
        problems.AddRange(run.Warnings.Concat(run.Log));
        if (run.ExitCode != 0)
            problems.Add(run.ToString());
        else
        {
            var calls = run.Result.AsArray();
            if (!calls[0]!["ok"]!.GetValue<bool>())
                problems.Add($"snapshot_download raised {calls[0]!["error"]}: {calls[0]!["message"]}\n{OracleResult.Trim(calls[0]!["traceback"]?.GetValue<string>())}");
            else
            {
                var files = calls[0]!["value"]!["files"]!.AsObject();
                problems.AddRange(ReleaseBundle.Packed.Where(p => files[p]?["sha256"]?.GetValue<string>() != repo.Sha256Of(p)).Select(p => $"snapshot_download: {p} is {files[p]?.ToJsonString() ?? "missing"}"));
            }

            if (calls[1]!["value"]?["sha256"]?.GetValue<string>() != repo.Sha256Of("config.json"))
                problems.Add("hf_hub_download(config.json): " + calls[1]!.ToJsonString());
        }

        PipelineLoads.FailOn(run, problems);
    }
}

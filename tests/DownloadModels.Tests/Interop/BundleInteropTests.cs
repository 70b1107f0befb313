using System.Text.Json.Nodes;
using DownloadModels.Tests.EndToEnd;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Interop;

/// <summary>
/// A bundle, as Python sees it once unpacked on a host without network: one packed from a default-job cache, one
/// packed offline from a shared-blob-store cache, and one an earlier release made (its trees file in the old array
/// format) — each must load offline with no exception and no warning.
/// </summary>
[Category(TestCategory.Host)]
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
}

using DownloadModels.Tests.EndToEnd;

namespace DownloadModels.Tests.Interop;

/// <summary>
/// The other direction: a cache huggingface_hub filled itself (snapshot_download with the pipeline's patterns),
/// as is and converted to the shared blob store newer huggingface_hub writes (docs/cache-layout.md), is complete
/// for the default job (offline, then online): it fetches no file, leaves every byte, link, trees/ and refs/ file as it was (only
/// .no_exist markers for the optional files sentence-transformers asks for may appear), Python still loads it
/// offline afterwards, and <c>verify --offline</c> passes.
/// </summary>
[Category(TestCategory.Host)]
public sealed class PythonFilledCacheTests
{
    [Test]
    public Task DropIn_CacheHuggingfaceHubFilled_FetchesNothingAndChangesNothing() => RunAsync(sharedStore: false);

    [Test]
    public Task DropIn_SharedBlobStoreCache_FetchesNothingAndChangesNothing() => RunAsync(sharedStore: true);

    private static async Task RunAsync(bool sharedStore)
    {
        await using var hub = await PipelineHub.StartAsync();
        using var home = new TempHome();
        var cache = PipelineHub.CacheOf(home);
        var python = new PythonRun(home.Path).Cache(cache).Endpoint(hub.Url);
        var fill = await PipelineLoads.FillAsync(python, hub);
        await Assert.That(fill.Clean && fill.Result.AsArray().All(c => c!["ok"]!.GetValue<bool>())).IsTrue().Because(fill.ToString());
        if (sharedStore)
            await Assert.That(SharedStoreConverter.Convert(cache).Count).IsEqualTo(8); // model.bin, kokoro's .pth and voices, E5's LFS files
        // The starting point itself loads: what fails after our run is ours.
        var offline = new PythonRun(home.Path).Cache(cache).Endpoint(hub.Url).Offline();
        var before = await PipelineLoads.RunAsync(offline, hub);
        PipelineLoads.FailOn(before, PipelineLoads.Problems(before, hub, noExistMarkers: false).Select(p => "BEFORE our run (a test set-up problem): " + p).ToList());
        var fingerprint = CacheFingerprint.Take(cache);
        var mark = hub.Mark();

        var offlineRun = await hub.DropInAsync(home, "--offline");
        var dropIn = await hub.DropInAsync(home);

        var requests = hub.Since(mark);
        var problems = new List<string>();
        if (offlineRun.ExitCode != 0)
            problems.Add("download-models --offline " + offlineRun);
        if (dropIn.ExitCode != 0)
            problems.Add("download-models " + dropIn);
        if (PipelineHub.ContentFetches(requests) is { Count: > 0 } fetched)
            problems.Add("download-models fetched files the cache holds:\n" + PipelineHub.Describe(fetched));
        var e5NoExist = Path.Combine(Path.GetFileName(PipelineHub.RepoFolder(cache, hub.E5)), ".no_exist");
        bool MayAdd(string path) =>
            path == e5NoExist || path == Path.Combine(e5NoExist, hub.E5.Commit)
            || PipelineLoads.E5Optional.Any(f => path == Path.Combine(e5NoExist, hub.E5.Commit, f));
        problems.AddRange(CacheFingerprint.Take(cache).DifferencesFrom(fingerprint, MayAdd).Select(d => "download-models " + d));
        var after = await PipelineLoads.RunAsync(offline, hub);
        problems.AddRange(PipelineLoads.Problems(after, hub, noExistMarkers: false).Select(p => "after our run: " + p));
        var verify = await hub.DropInAsync(home, "verify", "--offline");
        if (verify.ExitCode != 0)
            problems.Add("download-models verify --offline " + verify);
        PipelineLoads.FailOn(after, problems);
    }
}

using DownloadModels.Tests.EndToEnd;

namespace DownloadModels.Tests.Interop;

/// <summary>
/// The default job fills a cache; then faster-whisper's, kokoro's and sentence-transformers' own calls into
/// huggingface_hub (Python/pipeline_loads.py) must find everything in it: offline with no exception and no
/// warning, online without fetching a single file again.
/// </summary>
[Category(TestCategory.Host)]
public sealed class PipelineLoadTests
{
    [Test]
    public async Task PipelineLibraries_OfflineOnDropInCache_FindEveryFileWithoutWarning()
    {
        await using var hub = await PipelineHub.StartAsync();
        using var home = new TempHome();
        var dropIn = await hub.DropInAsync(home);
        await Assert.That(dropIn.ExitCode).IsEqualTo(0).Because(dropIn.ToString());
        var mark = hub.Mark();

        var run = await PipelineLoads.RunAsync(new PythonRun(home.Path).Cache(PipelineHub.CacheOf(home)).Endpoint(hub.Url).Offline(), hub);

        var problems = PipelineLoads.Problems(run, hub);
        if (hub.Since(mark).Count > 0)
            problems.Add("offline, huggingface_hub still sent:\n" + PipelineHub.Describe(hub.Since(mark)));
        PipelineLoads.FailOn(run, problems);
    }

    [Test]
    public async Task PipelineLibraries_OnlineOnDropInCache_FetchNoFileAgain()
    {
        await using var hub = await PipelineHub.StartAsync();
        using var home = new TempHome();
        var dropIn = await hub.DropInAsync(home);
        await Assert.That(dropIn.ExitCode).IsEqualTo(0).Because(dropIn.ToString());
        var mark = hub.Mark();

        var run = await PipelineLoads.RunAsync(new PythonRun(home.Path).Cache(PipelineHub.CacheOf(home)).Endpoint(hub.Url), hub);

        var requests = hub.Since(mark);
        var problems = PipelineLoads.Problems(run, hub);
        if (PipelineHub.ContentFetches(requests).Count > 0)
            problems.Add("huggingface_hub fetched file content again; its requests:\n" + PipelineHub.Describe(requests));
        PipelineLoads.FailOn(run, problems);
        // Only metadata: the revision, and HEADs of /resolve/ (the relative 307 of regular files followed to resolve-cache).
        await Assert.That(requests.All(r => r.Method == "HEAD" || r.PathAndQuery.StartsWith("/api/models/", StringComparison.Ordinal)))
            .IsTrue().Because(PipelineHub.Describe(requests));
    }
}

using DownloadModels.Bench.Processes;
using DownloadModels.Bench.Scenarios;
using DownloadModels.Tests.FakeHub;

namespace DownloadModels.Bench.Probes;

/// <summary>
/// Fills a cache with the default set (untimed), then runs <c>--dry-run</c> on it and counts the requests the
/// hub's API listener saw: with everything cached, one round trip per repo (the revision) should do.
/// </summary>
internal static class DryRunProbe
{
    public static async Task<DryRunResult> MeasureAsync(FakeHub hub, string binary, IReadOnlyList<string> dmArgs, Scenario models, IReadOnlyDictionary<string, string> environment, string workDir)
    {
        var cache = Path.Combine(workDir, "runs", "dry-run");
        var logs = Path.Combine(workDir, "logs");
        if (Directory.Exists(cache))
        {
            Directory.Delete(cache, recursive: true);
        }

        try
        {
            var fill = await ChildProcess.RunAsync([binary, "--cache-dir", cache, .. dmArgs], environment, Path.Combine(logs, "dry-run-fill.log"), TimeSpan.FromMinutes(15));
            hub.ClearRequests();
            var dry = await ChildProcess.RunAsync([binary, "--dry-run", "--cache-dir", cache, .. dmArgs], environment, Path.Combine(logs, "dry-run.log"), TimeSpan.FromMinutes(2));
            var requests = hub.RequestsTo(FakeHost.Api).Select(r => $"{r.Method} {r.PathAndQuery}").ToList();
            var result = new DryRunResult(fill.Succeeded && dry.Succeeded, models.RepoIds.Count, requests);
            Console.WriteLine($"  cached --dry-run: exit {dry.ExitCode}, {requests.Count} API request(s) for {result.Repos} repos, {dry.Wall.TotalMilliseconds:0} ms");
            foreach (var request in requests)
            {
                Console.WriteLine($"    {request}");
            }

            return result;
        }
        finally
        {
            if (Directory.Exists(cache))
            {
                Directory.Delete(cache, recursive: true);
            }
        }
    }
}

using DownloadModels.Bench.Processes;
using DownloadModels.Bench.Scenarios;
using DownloadModels.Bench.Tools;
using DownloadModels.Tests.FakeHub;

namespace DownloadModels.Bench.Measuring;

/// <summary>
/// Runs every tool on one scenario, N times each, interleaved (tool A, B, C, A, B, C…) so a slow spell of
/// the machine hits all tools alike. Every run starts from an empty folder and clean page cache writeback.
/// </summary>
internal sealed class ScenarioRunner(FakeHub hub, BenchOptions options, IReadOnlyList<Tool> tools, IReadOnlyDictionary<string, string> environment)
{
    public async Task<ScenarioResult> RunAsync(Scenario scenario)
    {
        var urls = await UrlResolver.ResolveAsync(hub, scenario);
        var lists = Directory.CreateDirectory(Path.Combine(options.WorkDir, "lists", scenario.Key)).FullName;
        var logs = Directory.CreateDirectory(Path.Combine(options.WorkDir, "logs")).FullName;
        var plans = tools.Select(tool =>
        {
            var target = Path.Combine(options.WorkDir, "runs", scenario.Key, Slug(tool.Name));
            return (Tool: tool, Target: target, Argv: tool.Command(new ToolContext(scenario, urls, target, lists)), Runs: new List<Measurement>());
        }).ToList();

        // A run that stalls for good must not hang the bench: allow a crawl of 2 MB/s before giving up.
        var timeout = TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(scenario.TotalBytes / 2e6);
        for (var run = 1; run <= options.Runs; run++)
        {
            foreach (var plan in plans)
            {
                Reset(plan.Target);
                hub.ClearRequests();
                var log = Path.Combine(logs, $"{scenario.Key}-{Slug(plan.Tool.Name)}-{run}.log");
                var process = await ChildProcess.RunAsync(plan.Argv, environment, log, timeout, measureRss: true);
                var measurement = new Measurement(process, OutputCheck.Bytes(plan.Target, plan.Tool.IsProduct), scenario.TotalBytes);
                plan.Runs.Add(measurement);
                Console.WriteLine(
                    $"  run {run}/{options.Runs}  {plan.Tool.Name,-24} {process.Wall.TotalSeconds,7:0.00} s {scenario.TotalBytes / 1e6 / process.Wall.TotalSeconds,8:0} MB/s"
                    + $"  RSS {process.PeakRssMb,6:0.0} MiB  CPU {process.CpuSeconds,6:0.00} s  {measurement.Verdict}{(measurement.Ok ? "" : $"  (log: {log})")}");
                Reset(plan.Target, recreate: false);
            }
        }

        return new ScenarioResult(
            scenario,
            options.ThrottleMbps,
            [.. plans.Select(p => new ToolSummary(p.Tool.Name, p.Tool.IsProduct, scenario.TotalBytes, p.Runs))]);
    }

    /// <summary>Empties the folder, then flushes the disk so the next run does not pay for this one's writeback.</summary>
    private static void Reset(string folder, bool recreate = true)
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Native.sync();
        if (recreate)
        {
            Directory.CreateDirectory(folder);
        }
    }

    private static string Slug(string name) =>
        string.Join('-', name.Split([.. name.Where(c => !char.IsAsciiLetterOrDigit(c)).Distinct()], StringSplitOptions.RemoveEmptyEntries));
}

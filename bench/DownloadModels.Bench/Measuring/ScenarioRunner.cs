using System.ComponentModel;
using DownloadModels.Bench.Processes;
using DownloadModels.Bench.Scenarios;
using DownloadModels.Bench.Tools;
using DownloadModels.Tests.FakeHub;

namespace DownloadModels.Bench.Measuring;

/// <summary>
/// Runs every tool on one scenario, N times each, interleaved (tool A, B, C, A, B, C…) so a slow spell of
/// the machine hits all tools alike, after --warmup untimed rounds of the same. Every run starts from an empty
/// folder and clean page cache writeback.
/// </summary>
internal sealed class ScenarioRunner(FakeHub hub, BenchOptions options, IReadOnlyList<Tool> tools, IReadOnlyDictionary<string, string> environment)
{
    public async Task<ScenarioResult> RunAsync(Scenario scenario)
    {
        // URLs are resolved unthrottled (the throttle paces only content answers, but keep setup out of it).
        hub.Faults.Clear();
        var urls = await UrlResolver.ResolveAsync(hub, scenario);
        if (scenario.IsThrottled)
        {
            hub.Faults.ThrottleBytesPerSecond(scenario.ThrottleMbps * 1_000_000L, host: FakeHost.Cdn);
        }

        if (scenario.HasLatency)
        {
            // Headers at once, then the body after the latency: every CDN request costs one more round trip.
            hub.Faults.Stall(TimeSpan.FromMilliseconds(scenario.LatencyMs), times: int.MaxValue, afterBytes: 0, host: FakeHost.Cdn);
        }

        var lists = Directory.CreateDirectory(Path.Combine(options.WorkDir, "lists", scenario.Key)).FullName;
        var logs = Directory.CreateDirectory(Path.Combine(options.WorkDir, "logs")).FullName;
        var skipped = tools.Where(t => t.SkipReason(scenario) is not null).Select(t => (t.Name, t.SkipReason(scenario)!)).ToList();
        foreach (var (name, why) in skipped)
        {
            Console.WriteLine($"  {name}: not run ({why})");
        }

        var plans = tools.Where(t => t.SkipReason(scenario) is null).Select(tool =>
        {
            var target = Path.Combine(options.WorkDir, "runs", scenario.Key, Slug(tool.Name));
            return (Tool: tool, Target: target, Argv: tool.Command(new ToolContext(scenario, urls, target, lists)), Runs: new List<Measurement>());
        }).ToList();

        // A run that stalls for good must not hang the bench: allow a crawl of 2 MB/s before giving up.
        var timeout = TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(scenario.TotalBytes / 2e6);
        // A run of many files is set aside (renamed), not deleted, until the bench ends (runs/ goes then): ext4
        // without a journal (this machine's) will not reuse an inode freed in the last 60 s and scans past every
        // one of them for each new inode, so thousands deleted just before a run of 2,500 small files cost it ~4 s
        // of kernel CPU (perf: recently_deleted, find_inode_bit), as much for any tool and far more than the tool's own work.
        var setAside = scenario.Files.Count >= ManyFiles ? Path.Combine(options.WorkDir, "runs", scenario.Key, "set-aside") : null;
        try
        {
            // Untimed first: the fake hub shares the CPU with the tool under test, and until its code is tiered up it
            // spent 0.5-0.9 s more per run of the default set (measured with --timeline), which the first runs paid.
            for (var warmup = 1; warmup <= options.Warmup; warmup++)
            {
                foreach (var plan in plans)
                {
                    Reset(plan.Target, setAside);
                    var log = Path.Combine(logs, $"{scenario.Key}-{Slug(plan.Tool.Name)}-warmup-{warmup}.log");
                    var measurement = await MeasureAsync(plan.Argv, plan.Tool, plan.Target, scenario, log, timeout);
                    Console.WriteLine($"  warm-up {warmup}/{options.Warmup}  {plan.Tool.Name,-26} {measurement.Process.Wall.TotalSeconds,7:0.00} s  not counted  {measurement.Verdict}");
                    Reset(plan.Target, setAside, recreate: false);
                }
            }

            for (var run = 1; run <= options.Runs; run++)
            {
                foreach (var plan in plans)
                {
                    Reset(plan.Target, setAside);
                    hub.ClearRequests();
                    var log = Path.Combine(logs, $"{scenario.Key}-{Slug(plan.Tool.Name)}-{run}.log");
                    var spawnedAt = RunTimeline.Now();
                    var hubCpu = RunTimeline.HubCpuNow();
                    var measurement = await MeasureAsync(plan.Argv, plan.Tool, plan.Target, scenario, log, timeout);
                    var exitedAt = RunTimeline.Now();
                    hubCpu = RunTimeline.HubCpuNow() - hubCpu;
                    plan.Runs.Add(measurement);
                    var process = measurement.Process;
                    Console.WriteLine(
                        $"  run {run}/{options.Runs}  {plan.Tool.Name,-28} {process.Wall.TotalSeconds,7:0.00} s {scenario.TotalBytes / 1e6 / process.Wall.TotalSeconds,8:0} MB/s"
                        + $"  RSS {process.PeakRssMb,6:0.0} MiB  CPU {process.CpuSeconds,6:0.00} s  {measurement.Verdict}{(measurement.Ok ? "" : $"  (log: {log})")}");
                    if (options.Timeline is { } timelines)
                    {
                        var file = Path.Combine(timelines, $"{scenario.Key}-{Slug(plan.Tool.Name)}-{run}.tsv");
                        Console.WriteLine($"      timeline: {RunTimeline.Write(file, spawnedAt, exitedAt, hubCpu, hub.Requests).Summary()}");
                    }
                    Reset(plan.Target, setAside, recreate: false);
                }
            }
        }
        finally
        {
            hub.Faults.Clear();
        }

        return new ScenarioResult(
            scenario,
            [.. plans.Select(p => new ToolSummary(p.Tool.Name, p.Tool.IsProduct, scenario.TotalBytes, p.Runs))],
            skipped);
    }

    private async Task<Measurement> MeasureAsync(IReadOnlyList<string> argv, Tool tool, string target, Scenario scenario, string log, TimeSpan timeout)
    {
        ProcessResult process;
        try
        {
            process = await ChildProcess.RunAsync(argv, environment, log, timeout, measureRss: true);
        }
        catch (Win32Exception e)
        {
            // A tool that cannot even start (missing interpreter) is a failed row with its reason, never a number.
            return new Measurement(new ProcessResult(127, TimeSpan.Zero, double.NaN, 0, false), 0, scenario.TotalBytes, $"cannot start {argv[0]}: {e.Message}");
        }

        var measurement = new Measurement(process, OutputCheck.Bytes(target, tool.WritesHfCache), scenario.TotalBytes);
        return measurement.Ok ? measurement : measurement with { Reason = FailureReason.FromLog(log) };
    }

    /// <summary>Scenarios of at least this many files set their runs' folders aside instead of deleting them.</summary>
    private const int ManyFiles = 1_000;

    /// <summary>
    /// Empties the folder (moving what it holds into <paramref name="setAside"/> when given), then flushes the disk
    /// so the next run does not pay for this one's writeback.
    /// </summary>
    private static void Reset(string folder, string? setAside, bool recreate = true)
    {
        if (Directory.Exists(folder) && setAside is not null)
        {
            Directory.CreateDirectory(setAside);
            Directory.Move(folder, Path.Combine(setAside, Guid.NewGuid().ToString("N")));
        }
        else if (Directory.Exists(folder))
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

using DownloadModels.Bench.Fleet;
using DownloadModels.Bench.Measuring;
using DownloadModels.Bench.Probes;
using DownloadModels.Bench.Processes;
using DownloadModels.Bench.Report;
using DownloadModels.Bench.Scenarios;
using DownloadModels.Bench.Tools;
using DownloadModels.Bench.Xet;
using DownloadModels.Tests.FakeHub;

namespace DownloadModels.Bench;

/// <summary>The whole benchmark: start the hub, put the files on it, probe, run the scenarios, report.</summary>
internal static class BenchRun
{
    public static async Task<int> RunAsync(BenchOptions options)
    {
        if (!File.Exists(options.Binary))
        {
            Console.Error.WriteLine($"No download-models at {options.Binary}: publish it first (dotnet tool restore && dotnet cake --target=Publish) or pass --binary.");
            return 2;
        }

        var logs = Directory.CreateDirectory(Path.Combine(options.WorkDir, "logs")).FullName;
        await using var hub = await FakeHub.StartAsync();
        var environment = ChildEnvironment.Create(hub.ApiUrl);
        await PrintHeaderAsync(options, environment, logs);
        var tools = ToolSet.Create(options.Binary, options.DmArgs, options.HfPython, options.Tools, options.Baseline);
        try
        {
            var scenarios = options.Scenarios.Distinct()
                .Where(key => !XetBench.IsKey(key) && key != FleetBench.Key)
                .Select(key => ScenarioCatalog.Create(key, options.Quick, options.ThrottleMbps, options.LatencyMs))
                .ToList();
            var models = scenarios.FirstOrDefault(s => s.Key == "models") ?? ScenarioCatalog.Create("models", options.Quick, options.ThrottleMbps, options.LatencyMs);
            Console.WriteLine("Preparing generated files on the fake hub:");
            // The default set is needed by the dry-run probe even when its scenario is not run; nothing needs it otherwise.
            HubSetup.Add(hub, [.. (options.Probes ? scenarios.Append(models) : scenarios).SelectMany(s => s.Files).DistinctBy(f => (f.RepoId, f.Path))]);

            double? helpMs = null;
            DryRunResult? dryRun = null;
            if (options.Probes)
            {
                Console.WriteLine("Probes (loopback, unthrottled):");
                helpMs = await StartupProbe.MeasureAsync(options.Binary, environment, logs);
                dryRun = await DryRunProbe.MeasureAsync(hub, options.Binary, options.DmArgs, models, environment, options.WorkDir);
                await UnpackMemoryProbe.MeasureAsync(hub, options.Binary, environment, options.WorkDir, options.Quick);
            }

            var results = new List<ScenarioResult>();
            var etas = new List<EtaResult>();
            foreach (var scenario in scenarios)
            {
                Console.WriteLine();
                Console.WriteLine($"{scenario.Title}:");
                results.Add(await new ScenarioRunner(hub, options, tools, environment).RunAsync(scenario));
                Console.WriteLine();
                Console.Write(ResultTable.Render(results[^1], options.Runs));
                if (await EtaProbe.MeasureAsync(hub, options.Binary, options.DmArgs, scenario, environment, options.WorkDir) is { } eta)
                    etas.Add(eta);
            }

            IReadOnlyList<Target> xetTargets = [];
            var xetOk = true;
            if (options.Scenarios.Any(XetBench.IsKey))
            {
                (xetTargets, xetOk) = await new XetBench(hub, options, environment, logs).RunAsync(options.Scenarios);
            }

            Console.WriteLine();
            Console.WriteLine("## Results");
            Console.WriteLine();
            foreach (var result in results)
            {
                Console.WriteLine(ResultTable.Render(result, options.Runs));
            }

            Console.Write(PeakRssTable.Render(results));
            Console.WriteLine();
            Console.Write(TargetReport.Render("Targets (issue 13)", TargetReport.Issue13(results)));
            Console.WriteLine();
            Console.Write(TargetReport.Render("Targets (issue 5)", TargetReport.Issue5(results, helpMs, dryRun)));
            Console.WriteLine();
            Console.Write(TargetReport.Render("Targets (issue 26)", TargetReport.Issue26(results)));
            if (etas.Count > 0)
            {
                Console.WriteLine();
                Console.WriteLine($"ETA (issue 23: within ±{EtaProbe.Tolerance:0%} of the time really left, from 25% of the bytes on):");
                foreach (var eta in etas)
                    Console.WriteLine($"- {eta.Scenario}: {eta}");
            }

            if (xetTargets.Count > 0)
            {
                Console.WriteLine();
                Console.Write(TargetReport.Render("Targets (issues 21 and 22, Xet)", xetTargets));
            }

            var fleetOk = true;
            if (options.Scenarios.Contains(FleetBench.Key))
            {
                Console.WriteLine();
                fleetOk = await FleetBench.RunAsync(options.Binary, hub, models.Files, options.FleetNodes, options.WorkDir, environment);
            }

            if (hub.ServerErrors.Count > 0)
            {
                Console.WriteLine($"warning: the fake hub itself failed {hub.ServerErrors.Count} time(s): {hub.ServerErrors[0].Message}");
            }

            // The hub shares the CPUs with the tools, and so does anything else running: say how busy it was.
            Console.WriteLine();
            Console.WriteLine($"Load average at the end: {LoadAverage()} on {Environment.ProcessorCount} CPU(s). Logs: {logs}");
            return fleetOk && xetOk && results.All(r => r.Product is null or { AllOk: true }) ? 0 : 1;
        }
        finally
        {
            // Generated downloads are gigabytes; only the logs are worth keeping.
            foreach (var folder in new[] { "runs", "lists" }.Select(f => Path.Combine(options.WorkDir, f)).Where(Directory.Exists))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static async Task PrintHeaderAsync(BenchOptions options, IReadOnlyDictionary<string, string> environment, string logs)
    {
        Console.WriteLine("## download-models benchmark");
        Console.WriteLine();
        Console.WriteLine($"- machine: {Environment.ProcessorCount} CPU(s), {Environment.OSVersion}, work dir {options.WorkDir}, load average {LoadAverage()}");
        Console.WriteLine($"- download-models: {await VersionProbe.FirstLineAsync([options.Binary, "--version"], environment, logs)} ({options.Binary}{(options.DmArgs.Count > 0 ? " " + string.Join(' ', options.DmArgs) : "")})");
        Console.WriteLine($"- huggingface_hub: {await VersionProbe.FirstLineAsync([options.HfPython, "-c", "import huggingface_hub, httpx, sys; print('huggingface_hub', huggingface_hub.__version__, 'httpx', httpx.__version__, 'python', sys.version.split()[0])"], environment, logs)} ({options.HfPython}, snapshot_download(max_workers={HfHubScript.Workers}))");
        Console.WriteLine($"- curl: {await VersionProbe.FirstLineAsync(["curl", "--version"], environment, logs)}");
        Console.WriteLine($"- aria2c: {await VersionProbe.FirstLineAsync(["aria2c", "--version"], environment, logs)}");
        Console.WriteLine($"- mode: {(options.Quick ? "quick (about a tenth of the sizes)" : "full")}, {options.Runs} run(s) per tool, "
            + $"scenarios {string.Join(", ", options.Scenarios)} (throttled-: every CDN answer paced to {options.ThrottleMbps} MB/s; latency-: every CDN answer's body {options.LatencyMs} ms late)");
        Console.WriteLine();
    }
}

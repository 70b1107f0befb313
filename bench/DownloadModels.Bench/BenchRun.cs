using DownloadModels.Bench.Measuring;
using DownloadModels.Bench.Probes;
using DownloadModels.Bench.Processes;
using DownloadModels.Bench.Report;
using DownloadModels.Bench.Scenarios;
using DownloadModels.Bench.Tools;
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
        var tools = ToolSet.Create(options.Binary, options.DmArgs);
        try
        {
            var scenarios = options.Scenarios.Select(key => ScenarioCatalog.Create(key, options.Quick)).ToList();
            var models = scenarios.FirstOrDefault(s => s.Key == "models") ?? ScenarioCatalog.Create("models", options.Quick);
            Console.WriteLine("Preparing generated files on the fake hub:");
            foreach (var scenario in scenarios.Append(models).Distinct())
            {
                HubSetup.Add(hub, scenario);
            }

            Console.WriteLine("Probes (loopback, unthrottled):");
            var helpMs = await StartupProbe.MeasureAsync(options.Binary, environment, logs);
            var dryRun = await DryRunProbe.MeasureAsync(hub, options.Binary, options.DmArgs, models, environment, options.WorkDir);
            if (options.ThrottleMbps > 0)
            {
                hub.Faults.ThrottleBytesPerSecond(options.ThrottleMbps * 1_000_000L, host: FakeHost.Cdn);
            }

            var results = new List<ScenarioResult>();
            foreach (var scenario in scenarios)
            {
                Console.WriteLine();
                Console.WriteLine($"{scenario.Title}:");
                results.Add(await new ScenarioRunner(hub, options, tools, environment).RunAsync(scenario));
                Console.WriteLine();
                Console.Write(ResultTable.Render(results[^1], options.Runs));
            }

            Console.WriteLine();
            Console.WriteLine("## Results");
            Console.WriteLine();
            foreach (var result in results)
            {
                Console.WriteLine(ResultTable.Render(result, options.Runs));
            }

            Console.Write(TargetReport.Render(TargetReport.Evaluate(results, options.ThrottleMbps, helpMs, dryRun)));
            if (hub.ServerErrors.Count > 0)
            {
                Console.WriteLine($"warning: the fake hub itself failed {hub.ServerErrors.Count} time(s): {hub.ServerErrors[0].Message}");
            }

            // The hub shares the CPUs with the tools, and so does anything else running: say how busy it was.
            Console.WriteLine($"Load average at the end: {LoadAverage()} on {Environment.ProcessorCount} CPU(s). Logs: {logs}");
            return results.All(r => r.Product is null or { AllOk: true }) ? 0 : 1;
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
        Console.WriteLine($"- curl: {await VersionProbe.FirstLineAsync(["curl", "--version"], environment, logs)}");
        Console.WriteLine($"- aria2c: {await VersionProbe.FirstLineAsync(["aria2c", "--version"], environment, logs)}");
        Console.WriteLine($"- mode: {(options.Quick ? "quick (about a tenth of the sizes)" : "full")}, {options.Runs} run(s) per tool, "
            + (options.ThrottleMbps > 0 ? $"CDN throttled to {options.ThrottleMbps} MB/s per connection" : "loopback, unthrottled"));
        Console.WriteLine();
    }
}

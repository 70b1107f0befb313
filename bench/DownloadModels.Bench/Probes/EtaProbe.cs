using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using DownloadModels.Bench.Scenarios;
using DownloadModels.Tests.FakeHub;

namespace DownloadModels.Bench.Probes;

/// <summary>
/// How right the live view's ETA is (issue 23): one run of a paced scenario with <c>--progress live</c> into a
/// pipe, every frame's "total: … (P%), …, ETA N s" stamped as it arrives; once the run is over, each ETA shown
/// from 25% of the bytes on is compared with the time that was really left. Readings with under 2 s left are
/// not judged (the ETA is whole seconds). Target: every judged reading within ±25%.
/// </summary>
internal static partial class EtaProbe
{
    public const double Tolerance = 0.25;

    public static async Task<EtaResult?> MeasureAsync(FakeHub hub, string binary, IReadOnlyList<string> dmArgs, Scenario scenario, IReadOnlyDictionary<string, string> environment, string workDir)
    {
        if (!scenario.IsThrottled)
            return null;
        var cache = Path.Combine(workDir, "runs", "eta-" + scenario.Key);
        if (Directory.Exists(cache))
            Directory.Delete(cache, recursive: true);
        hub.Faults.Clear();
        hub.Faults.ThrottleBytesPerSecond(scenario.ThrottleMbps * 1_000_000L, host: FakeHost.Cdn);
        try
        {
            var psi = new ProcessStartInfo(binary) { RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true };
            foreach (var arg in (string[])[.. scenario.DmCommand, "--cache-dir", cache, "--progress", "live", .. dmArgs])
                psi.ArgumentList.Add(arg);
            psi.Environment.Clear();
            foreach (var (name, value) in environment)
                psi.Environment[name] = value;
            var clock = Stopwatch.StartNew();
            using var process = Process.Start(psi)!;
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync();
            var readings = new List<(double At, int Percent, double Eta)>();
            var buffer = new char[8192];
            var line = new System.Text.StringBuilder();
            int read;
            while ((read = await process.StandardError.ReadAsync(buffer)) > 0)
            {
                foreach (var c in buffer.AsSpan(0, read))
                {
                    if (c != '\n')
                    {
                        line.Append(c);
                        continue;
                    }

                    if (Total().Match(line.ToString()) is { Success: true } m)
                    {
                        readings.Add((clock.Elapsed.TotalSeconds, int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture),
                            Durations(m.Groups[2].Value)));
                    }

                    line.Clear();
                }
            }

            await process.WaitForExitAsync();
            await stdout;
            var end = clock.Elapsed.TotalSeconds;
            var judged = readings.Where(r => r.Percent >= 25 && end - r.At >= 2).Select(r => new EtaReading(r.At, r.Percent, r.Eta, end - r.At)).ToArray();
            var result = new EtaResult(scenario.Key, process.ExitCode == 0, end, judged);
            Console.WriteLine($"  ETA of {scenario.Key}: {result}");
            return result;
        }
        finally
        {
            hub.Faults.Clear();
            if (Directory.Exists(cache))
                Directory.Delete(cache, recursive: true);
        }
    }

    /// <summary>"12 s", "1m 05s", "2h 03m": the seconds the view's Durations.FormatEta wrote.</summary>
    private static double Durations(string text)
    {
        var seconds = 0.0;
        foreach (Match part in Part().Matches(text))
        {
            var n = double.Parse(part.Groups[1].Value, CultureInfo.InvariantCulture);
            seconds += part.Groups[2].Value switch { "h" => n * 3600, "m" => n * 60, _ => n };
        }

        return seconds;
    }

    [GeneratedRegex(@"total: .*\((\d+)%\).*ETA ([0-9hms ]+?)\s*$")]
    private static partial Regex Total();

    [GeneratedRegex(@"(\d+)\s*(h|m|s)")]
    private static partial Regex Part();
}

/// <summary>One ETA shown: when, at what percentage, what it said and what was really left (seconds).</summary>
internal sealed record EtaReading(double At, int Percent, double Eta, double Actual)
{
    /// <summary>Signed relative error: +0.3 said 30% too long.</summary>
    public double Error => (Eta - Actual) / Actual;
}

/// <summary>One scenario's ETA readings from 25% on.</summary>
internal sealed record EtaResult(string Scenario, bool Succeeded, double Seconds, IReadOnlyList<EtaReading> Readings)
{
    private IReadOnlyList<double> Errors => [.. Readings.Select(r => r.Error)];

    public double Worst => Errors.Count == 0 ? double.NaN : Errors.MaxBy(Math.Abs);

    private EtaReading? WorstReading => Readings.MaxBy(r => Math.Abs(r.Error));

    public bool Met => Succeeded && Errors.Count > 0 && Errors.All(e => Math.Abs(e) <= EtaProbe.Tolerance);

    /// <summary>No reading could be judged (the run ended within 2 s of 25%): too short to say, which is not a miss.</summary>
    public bool Judged => Errors.Count > 0;

    public override string ToString() => !Succeeded
        ? $"the run failed after {Seconds:0.0} s: not measured"
        : !Judged
        ? $"no ETA reading from 25% on with 2 s or more left: the run ({Seconds:0.0} s) was too short to judge: not measured"
        : string.Create(CultureInfo.InvariantCulture,
            $"{Errors.Count} readings from 25% on, median error {Median():+0%;-0%}, worst {Worst:+0%;-0%} (ETA {WorstReading!.Eta:0} s at {WorstReading.Percent}% with {WorstReading.Actual:0.0} s left; target ±{EtaProbe.Tolerance:0%}) in a {Seconds:0.0} s run: {(Met ? "MET" : "NOT MET")}");

    private double Median()
    {
        var sorted = Errors.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}

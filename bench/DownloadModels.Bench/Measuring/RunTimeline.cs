using System.Diagnostics;
using System.Globalization;
using DownloadModels.Tests.FakeHub;

namespace DownloadModels.Bench.Measuring;

/// <summary>
/// One run's requests as the fake hub saw them, on one clock with the process's start and exit (--timeline): where a
/// run's time went. Its summary splits the wall time into before the first request (start-up), the requests up to
/// the last CDN body byte, and after it (hashing what was not hashed yet, linking, exit); it counts the CDN body
/// bytes sent (more than the files' size: bytes past a stolen range's end) and the CPU the fake hub spent serving
/// the run (on loopback client and server share the cores: a client that makes the server work more is slower).
/// The file lists every request, one per line: ms from the start to its arrival and to its last body byte, method,
/// host, path, range, status, bytes.
/// </summary>
internal sealed record RunTimeline(double FirstRequestMs, double LastCdnByteMs, double ExitMs, long CdnBytes)
{
    /// <summary>CPU the bench process (the fake hub serving the run, nearly all of it) used during the run.</summary>
    public TimeSpan HubCpu { get; init; }

    /// <summary>The bench process's CPU so far: taken before and after a run, the difference is what serving it cost.</summary>
    public static TimeSpan HubCpuNow() => Environment.CpuUsage.TotalTime;

    /// <summary>The clock of the hub's requests and of the spawn and exit stamps (the system TimeProvider's).</summary>
    public static long Now() => Stopwatch.GetTimestamp();

    public static RunTimeline Write(string path, long spawnedAt, long exitedAt, TimeSpan hubCpu, IReadOnlyList<FakeRequest> requests)
    {
        double Ms(long at) => (at - spawnedAt) * 1000.0 / Stopwatch.Frequency;
        var lines = new List<string> { "# ms_start\tms_last_byte\tmethod\thost\tpath\trange\tstatus\tbytes" };
        lines.AddRange(requests.OrderBy(r => r.StartedAt).Select(r => string.Join('\t',
            Ms(r.StartedAt).ToString("0.0", CultureInfo.InvariantCulture),
            r.LastByteAt == 0 ? "-" : Ms(r.LastByteAt).ToString("0.0", CultureInfo.InvariantCulture),
            r.Method, r.Host, r.PathAndQuery.Split('?')[0], r.Range ?? "-", r.Status, r.BodyBytesSent)));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllLines(path, lines);
        var cdn = requests.Where(r => r.Host == FakeHost.Cdn).ToList();
        return new RunTimeline(
            requests.Count == 0 ? 0 : Ms(requests.Min(r => r.StartedAt)),
            cdn.Count == 0 ? 0 : Ms(cdn.Max(r => r.LastByteAt)),
            Ms(exitedAt),
            cdn.Sum(r => r.BodyBytesSent))
        {
            HubCpu = hubCpu,
        };
    }

    public string Summary() => string.Create(CultureInfo.InvariantCulture,
        $"first request {FirstRequestMs:0} ms, last CDN byte {LastCdnByteMs:0} ms, exit {ExitMs:0} ms ({ExitMs - LastCdnByteMs:0} ms after the last byte), CDN bytes {CdnBytes / 1e6:0.0} MB, hub CPU {HubCpu.TotalSeconds:0.00} s");
}

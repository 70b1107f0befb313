using System.Text.Json.Serialization;
using DownloadModels.Doctor;

namespace DownloadModels.Output.Json;

/// <summary>
/// `doctor --json`: the envelope, then the endpoint, the probe repo, whether the network was checked (offline), the
/// cache, every check in the order the text shows them, and the counts. A failed run's error has the code
/// <c>checks_failed</c> and names the failed checks.
/// </summary>
internal sealed record DoctorDocument(
    [property: JsonPropertyName("endpoint")] string? Endpoint,
    [property: JsonPropertyName("probe_repo")] string? ProbeRepo,
    [property: JsonPropertyName("offline")] bool Offline,
    [property: JsonPropertyName("cache_dir")] string? CacheDir,
    [property: JsonPropertyName("checks")] IReadOnlyList<DoctorCheckDocument> Checks,
    [property: JsonPropertyName("counts")] DoctorCountsDocument Counts) : JsonEnvelope
{
    public static DoctorDocument Of(DoctorReport report, string cacheDir, int exitCode)
    {
        var failed = report.Checks.Where(c => c.Status == CheckStatus.Fail).Select(c => c.Name).Distinct(StringComparer.Ordinal).ToArray();
        return new DoctorDocument(report.Endpoint.GetLeftPart(UriPartial.Authority), report.ProbeRepo, report.Offline, cacheDir,
            [.. report.Checks.Select(DoctorCheckDocument.Of)],
            new DoctorCountsDocument(report.Checks.Count(c => c.Status == CheckStatus.Ok), report.Failed, report.Checks.Count(c => c.Status == CheckStatus.Skip)))
        {
            Command = "doctor",
            ExitCode = exitCode,
            Error = failed.Length == 0 ? null
                : new ErrorDocument(ErrorCodes.ChecksFailed, $"{report.Failed} of {report.Checks.Count} checks failed: {string.Join(", ", failed)}", "each failed check's fix says what to do"),
        };
    }

    /// <summary>A doctor that stopped before its checks (a usage error): nothing checked, the error.</summary>
    public static DoctorDocument Failed(int exitCode, ErrorDocument error) =>
        new(null, null, false, null, [], new DoctorCountsDocument(0, 0, 0)) { Command = "doctor", ExitCode = exitCode, Error = error };
}

/// <summary>
/// One check: <c>name</c> (endpoint, tls, repo, cdn, xet_cas, xet_transfer, token, host, ca_store, cache_space,
/// cache_write, cache_health), <c>target</c> (URL, host or folder; "" when not run), <c>status</c> (ok, fail, skip),
/// <c>detail</c>, <c>fix</c> (what to do, for a failed check; else null), <c>proxy</c> (the proxy a network check went
/// through, null when direct) and <c>elapsed_ms</c> (null when not timed).
/// </summary>
internal sealed record DoctorCheckDocument(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("target")] string Target,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("detail")] string Detail,
    [property: JsonPropertyName("fix")] string? Fix,
    [property: JsonPropertyName("proxy")] string? Proxy,
    [property: JsonPropertyName("elapsed_ms")] long? ElapsedMs)
{
    public static DoctorCheckDocument Of(DoctorCheck check) => new(check.Name, check.Target,
        check.Status switch { CheckStatus.Ok => "ok", CheckStatus.Fail => "fail", _ => "skip" },
        check.Detail, check.Fix, check.Proxy, check.Elapsed is { } elapsed ? (long)elapsed.TotalMilliseconds : null);
}

/// <summary>How many checks passed, failed and were skipped.</summary>
internal sealed record DoctorCountsDocument(
    [property: JsonPropertyName("ok_count")] int OkCount,
    [property: JsonPropertyName("failed_count")] int FailedCount,
    [property: JsonPropertyName("skipped_count")] int SkippedCount);

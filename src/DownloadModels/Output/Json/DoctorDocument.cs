using System.Text.Json.Serialization;
using DownloadModels.Doctor;

namespace DownloadModels.Output.Json;

/// <summary>
/// `doctor --json`: the endpoint, the probe repo, whether the network was checked, the cache, every check in the
/// order the text shows them, and the counts. A check's <c>status</c> is <c>ok</c>, <c>fail</c> or <c>skip</c>.
/// </summary>
internal sealed record DoctorDocument(
    [property: JsonPropertyName("command")] string Command,
    [property: JsonPropertyName("ok")] bool Ok,
    [property: JsonPropertyName("exit_code")] int ExitCode,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("endpoint")] string Endpoint,
    [property: JsonPropertyName("probe_repo")] string ProbeRepo,
    [property: JsonPropertyName("offline")] bool Offline,
    [property: JsonPropertyName("cache_dir")] string CacheDir,
    [property: JsonPropertyName("checks")] IReadOnlyList<DoctorCheckDocument> Checks,
    [property: JsonPropertyName("counts")] DoctorCountsDocument Counts)
{
    [JsonPropertyName("version")]
    [JsonPropertyOrder(-1)]
    public int Version { get; init; } = RunDocument.CurrentVersion;

    public static DoctorDocument Of(DoctorReport report, string cacheDir, int exitCode)
    {
        var failed = report.Checks.Where(c => c.Status == CheckStatus.Fail).Select(c => c.Name).Distinct(StringComparer.Ordinal).ToArray();
        var error = failed.Length == 0 ? null : $"{report.Failed} of {report.Checks.Count} checks failed: {string.Join(", ", failed)}";
        return new DoctorDocument("doctor", exitCode == 0, exitCode, error, report.Endpoint.GetLeftPart(UriPartial.Authority), report.ProbeRepo, report.Offline, cacheDir,
            [.. report.Checks.Select(DoctorCheckDocument.Of)],
            new DoctorCountsDocument(report.Checks.Count(c => c.Status == CheckStatus.Ok), report.Failed, report.Checks.Count(c => c.Status == CheckStatus.Skip)));
    }
}

/// <summary>
/// One check: <c>name</c> (endpoint, tls, repo, cdn, xet-cas, xet-transfer, token, host, ca-store, cache-space,
/// cache-write, cache-health), <c>target</c> (URL, host or folder; "" when not run), <c>status</c>, <c>detail</c>,
/// <c>fix</c> (what to do, for a failed check; else null), <c>proxy</c> (the proxy a network check went through, null
/// when direct) and <c>elapsed_ms</c> (null when not timed).
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

internal sealed record DoctorCountsDocument(
    [property: JsonPropertyName("ok")] int Ok,
    [property: JsonPropertyName("failed")] int Failed,
    [property: JsonPropertyName("skipped")] int Skipped);

/// <summary>Source-generated, for the Native AOT binary.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, GenerationMode = JsonSourceGenerationMode.Default)]
[JsonSerializable(typeof(DoctorDocument))]
internal sealed partial class DoctorDocumentContext : JsonSerializerContext;

using DownloadModels.Hub;

namespace DownloadModels.Doctor;

/// <summary>
/// <c>host</c>: on huggingface.co itself, every host the Hub's downloads use (its documented firewall list: the
/// LFS CDNs, the Xet CAS, transfer and bridge hosts in the US and the EU), each reached with one HEAD in parallel.
/// Any HTTP answer counts — the point is that the firewall, the proxy and TLS let the host through; which host a
/// download gets depends on the file and the region. A mirror's hosts are found by following its answers instead
/// (<see cref="DownloadPathProbe"/>).
/// </summary>
internal static class FirewallHosts
{
    private const string Name = "host";

    /// <summary>From the Hub's documentation (2026), besides huggingface.co itself (the endpoint line).</summary>
    public static readonly IReadOnlyList<string> Official =
    [
        "cas-server.xethub.hf.co", "cas-server.xethub-eu.hf.co", "transfer.xethub.hf.co", "transfer.xethub-eu.hf.co",
        "cas-bridge.xethub.hf.co", "us.aws.cdn.hf.co", "us.gcp.cdn.hf.co", "cdn-lfs-us-1.hf.co", "cdn-lfs-eu-1.hf.co",
    ];

    public static async Task<IReadOnlyList<DoctorCheck>> RunAsync(DoctorInputs inputs, CancellationToken ct) =>
        inputs.IsOfficialHub ? await Task.WhenAll(Official.Select(host => ReachAsync(inputs, new Uri($"https://{host}/"), ct))) : [];

    private static async Task<DoctorCheck> ReachAsync(DoctorInputs inputs, Uri url, CancellationToken ct)
    {
        var proxy = NetworkErrors.ProxyFor(url);
        try
        {
            var (status, elapsed) = await Probe.WithinAsync(inputs.Timeout, async c =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Head, url);
                using var response = await inputs.Http.SendOnceAsync(request, c);
                return (int)response.StatusCode;
            }, ct);
            return DoctorCheck.Ok(Name, url.IdnHost, $"reachable (HTTP {status} in {Probe.Millis(elapsed)}){Probe.Via(proxy)}") with { Proxy = proxy, Elapsed = elapsed };
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            var fix = Probe.IsTls(e) ? "something between re-signs TLS: point SSL_CERT_FILE at its CA certificate (PEM)"
                : Probe.IsNameResolution(e) && proxy is null ? "check DNS; where only a proxy reaches the internet, set HTTPS_PROXY"
                : $"let {url.IdnHost}:443 through the firewall{(proxy is null ? "" : " and the proxy")}: downloads that land there fail or time out midway";
            return DoctorCheck.Fail(Name, url.IdnHost, $"not reachable{Probe.Via(proxy)}: {Probe.Reason(e)}", fix) with { Proxy = proxy };
        }
    }
}

using System.Diagnostics;
using System.Net.Http.Headers;
using DownloadModels.Hub;
using DownloadModels.Repos;
using DownloadModels.Units;
using DownloadModels.Xet;

namespace DownloadModels.Doctor;

/// <summary>
/// Walks the path a download takes, one step per check, each under its own deadline: the endpoint answers
/// (<c>endpoint</c>) over verified TLS (<c>tls</c>); the probe repo resolves (<c>repo</c>); its largest-but-one LFS
/// file's <c>resolve/</c> redirect leads to a CDN that serves a byte (<c>cdn</c>); and, for a file stored in Xet, the
/// token route hands out a CAS that answers a one-byte reconstruction (<c>xet_cas</c>) whose signed xorb range the
/// transfer host serves (<c>xet_transfer</c>). A step that cannot run because an earlier one failed is skipped.
/// </summary>
internal sealed class DownloadPathProbe(DoctorInputs inputs)
{
    private const string Endpoint = "endpoint", Tls = "tls", Repo = "repo", Cdn = "cdn", XetCas = "xet_cas", XetTransfer = "xet_transfer";

    private readonly List<DoctorCheck> _checks = [];
    private readonly RetryPolicy _once = Probe.Once(inputs.Timeout);

    public async Task<IReadOnlyList<DoctorCheck>> RunAsync(CancellationToken ct)
    {
        var endpoint = inputs.Endpoint;
        var target = endpoint.GetLeftPart(UriPartial.Authority);
        var proxy = NetworkErrors.ProxyFor(endpoint);
        var hub = new HubClient(inputs.Http, _once);
        RepoRevision revision;
        TimeSpan elapsed;
        var clock = Stopwatch.StartNew();
        try
        {
            (revision, elapsed) = await Probe.WithinAsync(inputs.Timeout, c => hub.ResolveRevisionAsync(inputs.ProbeRepo, "main", c), ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            EndpointFailed(e, target, proxy, clock.Elapsed);
            return _checks;
        }

        Add(DoctorCheck.Ok(Endpoint, target, $"answered in {Probe.Millis(elapsed)}{Probe.Via(proxy)}") with { Proxy = proxy, Elapsed = elapsed });
        AddTls(target);
        IReadOnlyList<RepoFile> files;
        try
        {
            (files, _) = await Probe.WithinAsync(inputs.Timeout, c => hub.ListFilesAsync(inputs.ProbeRepo, revision.Commit, c), ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            Add(DoctorCheck.Fail(Repo, inputs.ProbeRepo.Id, $"its file list failed: {Probe.Reason(e)}", "run again; if it persists, pass --repo with another repo"));
            SkipRest(Cdn, XetCas, XetTransfer, "not checked: the probe repo's file list failed");
            return _checks;
        }

        var file = ProbeFile(files);
        var at = $"{inputs.ProbeRepo.Id}@main = {RevisionName.ShortCommit(revision.Commit)}";
        Add(DoctorCheck.Ok(Repo, inputs.ProbeRepo.Id, file is null ? $"{at}, no LFS file to follow" : $"{at}, following {file.Path} ({ByteSize.Format(file.Size)})"));
        if (file is null)
        {
            SkipRest(Cdn, XetCas, XetTransfer, $"not checked: {inputs.ProbeRepo.Id} has no LFS file; pass --repo with a repo that has model weights");
            return _checks;
        }

        await FollowAsync(hub.ResolveUrl(inputs.ProbeRepo, revision.Commit, file.Path), file, ct);
        return _checks;
    }

    /// <summary>An LFS file, stored in Xet if any is; the smallest such, since only a byte of it is asked for anyway.</summary>
    private static RepoFile? ProbeFile(IReadOnlyList<RepoFile> files) =>
        files.Where(f => f.IsLfs && f.Size > 0).OrderBy(f => f.XetHash is null).ThenBy(f => f.Size).ThenBy(f => f.Path, StringComparer.Ordinal).FirstOrDefault();

    private void EndpointFailed(Exception e, string target, string? proxy, TimeSpan elapsed)
    {
        if (e is HubException { Status: { } status } answered)
        {
            // The endpoint answered: it is reachable, the repo is what failed.
            var why = answered.Message;
            Add(DoctorCheck.Ok(Endpoint, target, $"answered HTTP {status} in {Probe.Millis(elapsed)}{Probe.Via(proxy)}") with { Proxy = proxy, Elapsed = elapsed });
            AddTls(target);
            Add(DoctorCheck.Fail(Repo, inputs.ProbeRepo.Id, why, status == 401 && inputs.Http.Connection.Token is not null
                ? "the endpoint refuses the token itself, even for a public repo: fix or unset it (see the token line)"
                : "pass --repo with a repo this endpoint serves (a mirror may hold only some), or set a token if the repo is gated or private"));
        }
        else if (Probe.IsTls(e))
        {
            Add(DoctorCheck.Ok(Endpoint, target, $"connected{Probe.Via(proxy)}") with { Proxy = proxy });
            Add(DoctorCheck.Fail(Tls, target, Probe.Reason(e),
                "if a proxy or mirror re-signs TLS, point SSL_CERT_FILE at its CA certificate (PEM); else install ca-certificates"));
            Skip(Repo, inputs.ProbeRepo.Id, "not checked: TLS to the endpoint failed");
        }
        else
        {
            var fix = proxy is null
                ? "check the network, the firewall (docs/doctor.md lists the hosts) and --endpoint/HF_ENDPOINT; behind a proxy set HTTPS_PROXY"
                : "check the proxy (HTTPS_PROXY/HTTP_PROXY, NO_PROXY), the network and --endpoint/HF_ENDPOINT";
            Add(DoctorCheck.Fail(Endpoint, target, $"could not be reached{Probe.Via(proxy)}: {Probe.Reason(e)}", fix) with { Proxy = proxy });
            Skip(Tls, target, "not checked: the endpoint was not reached");
            Skip(Repo, inputs.ProbeRepo.Id, "not checked: the endpoint was not reached");
        }

        SkipRest(Cdn, XetCas, XetTransfer, "not checked: needs a file of the probe repo");
    }

    private void AddTls(string target) => Add(inputs.Endpoint.Scheme == "https"
        ? DoctorCheck.Ok(Tls, target, "certificate verified against the CA store")
        : DoctorCheck.Skip(Tls, target, "plain HTTP endpoint: no certificate to verify"));

    /// <summary>HEAD on resolve/ without following it: where the bytes come from (the CDN), and whether Xet holds them.</summary>
    private async Task FollowAsync(Uri resolve, RepoFile file, CancellationToken ct)
    {
        HttpResponseMessage head;
        try
        {
            (head, _) = await Probe.WithinAsync(inputs.Timeout, async c =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Head, resolve);
                if (inputs.Http.Connection.MaySeeToken(resolve))
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", inputs.Http.Connection.Token);
                return await inputs.Http.SendOnceAsync(request, c);
            }, ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            Add(DoctorCheck.Fail(Cdn, HubHttp.Describe(resolve), $"resolve/ failed: {Probe.Reason(e)}", "run again; if it persists, check the endpoint"));
            SkipRest(XetCas, XetTransfer, "not checked: resolve/ failed");
            return;
        }

        using (head)
        {
            var location = head.Headers.Location is { } l ? new Uri(resolve, l) : null;
            await CdnAsync(resolve, location, (int)head.StatusCode, ct);
            var xetHash = file.XetHash ?? Header(head, "X-Xet-Hash");
            var refresh = Header(head, "X-Xet-Refresh-Route");
            var route = LinkHeader.Find(head, resolve, "xet-auth") ?? (refresh is not null && Uri.TryCreate(resolve, refresh, out var r) ? r : null);
            await XetAsync(file, xetHash, route, ct);
        }
    }

    private async Task CdnAsync(Uri resolve, Uri? location, int status, CancellationToken ct)
    {
        if (location is null || inputs.Http.Connection.IsEndpoint(location))
        {
            Add(status is >= 200 and < 400
                ? DoctorCheck.Ok(Cdn, HubHttp.Describe(resolve), $"files come from the endpoint itself (HTTP {status}, no CDN)")
                : DoctorCheck.Fail(Cdn, HubHttp.Describe(resolve), $"resolve/ answered HTTP {status}", "check the token and the repo's access (gated repos need an accepted licence)"));
            return;
        }

        var host = location.GetLeftPart(UriPartial.Authority);
        var proxy = NetworkErrors.ProxyFor(location);
        try
        {
            // One byte of the signed URL, as a download asks for a range (no token: the CDN never gets it).
            var (response, elapsed) = await Probe.WithinAsync(inputs.Timeout, c => inputs.Http.GetAsync(location, 0, c, rangeTo: 0), ct);
            using (response)
            {
                var code = (int)response.StatusCode;
                Add((code is 200 or 206
                    ? DoctorCheck.Ok(Cdn, host, $"served a byte in {Probe.Millis(elapsed)}{Probe.Via(proxy)}")
                    : DoctorCheck.Fail(Cdn, host, $"answered HTTP {code}{Probe.Via(proxy)}", "a proxy or firewall may block or rewrite the CDN's answers: let this host through")) with { Proxy = proxy, Elapsed = elapsed });
            }
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            Add(DoctorCheck.Fail(Cdn, host, $"could not be reached{Probe.Via(proxy)}: {Probe.Reason(e)}",
                $"let {location.IdnHost} through the firewall or proxy: the endpoint sends downloads there") with { Proxy = proxy });
        }
    }

    private async Task XetAsync(RepoFile file, string? xetHash, Uri? route, CancellationToken ct)
    {
        if (xetHash is null || route is null || !inputs.Http.Connection.IsEndpoint(route))
        {
            SkipRest(XetCas, XetTransfer, $"{file.Path} is not stored in Xet on this endpoint: downloads take the CDN above");
            return;
        }

        var tokens = new XetTokenSource(inputs.Http, _once, route, TimeProvider.System);
        XetToken token;
        try
        {
            (token, _) = await Probe.WithinAsync(inputs.Timeout, c => tokens.GetAsync(null, c), ct);
        }
        catch (XetUnavailableException e) when (e.Silent)
        {
            SkipRest(XetCas, XetTransfer, $"{e.Message}: downloads take the CDN above");
            return;
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            Add(DoctorCheck.Fail(XetCas, HubHttp.Describe(route), $"no Xet token: {Probe.Reason(e)}", "run again; downloads fall back to the CDN above meanwhile"));
            Skip(XetTransfer, "", "not checked: no Xet token");
            return;
        }

        var cas = token.CasUrl.GetLeftPart(UriPartial.Authority);
        var proxy = NetworkErrors.ProxyFor(token.CasUrl);
        Reconstruction reconstruction;
        TimeSpan elapsed;
        try
        {
            (reconstruction, elapsed) = await Probe.WithinAsync(inputs.Timeout,
                c => new CasClient(inputs.Http, _once).ReconstructAsync(tokens, xetHash, 0, 1, file.Size, "the Xet store", c), ct);
        }
        catch (XetUnavailableException e) when (e.FileOnly)
        {
            Add(DoctorCheck.Ok(XetCas, cas, $"answered{Probe.Via(proxy)}, but does not hold {file.Path} (404)") with { Proxy = proxy });
            Skip(XetTransfer, "", "not checked: the CAS gave no xorb range for the probe file");
            return;
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            Add(DoctorCheck.Fail(XetCas, cas, $"no reconstruction{Probe.Via(proxy)}: {Probe.Reason(e)}",
                $"let {token.CasUrl.IdnHost} through the firewall or proxy (downloads fall back to the CDN above, slower); or set HF_HUB_DISABLE_XET=1") with { Proxy = proxy });
            Skip(XetTransfer, "", "not checked: the CAS did not answer");
            return;
        }

        Add(DoctorCheck.Ok(XetCas, cas, $"answered a reconstruction in {Probe.Millis(elapsed)}{Probe.Via(proxy)}") with { Proxy = proxy, Elapsed = elapsed });
        await TransferAsync(reconstruction, ct);
    }

    /// <summary>The first signed xorb range, fetched with exactly its Range (no token: the URL is signed).</summary>
    private async Task TransferAsync(Reconstruction reconstruction, CancellationToken ct)
    {
        if (reconstruction.Ranges.Count == 0)
        {
            Skip(XetTransfer, "", "not checked: the reconstruction named no xorb range");
            return;
        }

        var range = reconstruction.Ranges[0];
        var host = range.Url.GetLeftPart(UriPartial.Authority);
        var proxy = NetworkErrors.ProxyFor(range.Url);
        try
        {
            var (response, elapsed) = await Probe.WithinAsync(inputs.Timeout, async c =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, range.Url);
                request.Headers.Range = new RangeHeaderValue(range.ByteStart, range.ByteEnd);
                return await inputs.Http.SendOnceAsync(request, c);
            }, ct);
            using (response)
            {
                var code = (int)response.StatusCode;
                Add((code is 200 or 206
                    ? DoctorCheck.Ok(XetTransfer, host, $"served a xorb range in {Probe.Millis(elapsed)}{Probe.Via(proxy)}")
                    : DoctorCheck.Fail(XetTransfer, host, $"answered HTTP {code}{Probe.Via(proxy)}", "a proxy or firewall may block this host: let it through")) with { Proxy = proxy, Elapsed = elapsed });
            }
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            Add(DoctorCheck.Fail(XetTransfer, host, $"could not be reached{Probe.Via(proxy)}: {Probe.Reason(e)}",
                $"let {range.Url.IdnHost} through the firewall or proxy: Xet downloads fetch their bytes there") with { Proxy = proxy });
        }
    }

    private void Add(DoctorCheck check) => _checks.Add(check);

    private void Skip(string name, string target, string why) => Add(DoctorCheck.Skip(name, target, why));

    private void SkipRest(string first, string second, string why) => SkipRest([first, second], why);

    private void SkipRest(string first, string second, string third, string why) => SkipRest([first, second, third], why);

    private void SkipRest(string[] names, string why)
    {
        foreach (var name in names)
            Skip(name, "", why);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}

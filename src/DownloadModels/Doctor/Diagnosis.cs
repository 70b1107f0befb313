namespace DownloadModels.Doctor;

/// <summary>
/// `doctor`'s checks, all at once: the local ones (CA store, cache space, writable, health) beside the network ones
/// (the download path from the endpoint to the CDN and the Xet store, the token, and on huggingface.co the
/// firewall's hosts), each network step under its own deadline, so the whole answer comes within a few of them
/// however the network fails. Offline (HF_HUB_OFFLINE, --offline) the network checks are listed as skipped.
/// The order of the list is fixed, whatever finished first.
/// </summary>
internal static class Diagnosis
{
    public static async Task<DoctorReport> RunAsync(DoctorInputs inputs, Func<string, string?> processEnv, CancellationToken ct)
    {
        var cache = inputs.HubCacheDir;
        var caStore = Task.Run(() => LocalChecks.CaStore(processEnv), ct);
        var space = Task.Run(() => LocalChecks.Space(cache), ct);
        var writable = Task.Run(() => LocalChecks.Writable(cache), ct);
        var health = Task.Run(() => LocalChecks.Health(cache), ct);
        IReadOnlyList<DoctorCheck> network;
        if (inputs.Offline)
        {
            network = [.. new[] { "endpoint", "tls", "repo", "cdn", "xet_cas", "xet_transfer", "token" }
                .Select(name => DoctorCheck.Skip(name, "", "offline (HF_HUB_OFFLINE or --offline): the network is not checked"))];
        }
        else
        {
            var path = new DownloadPathProbe(inputs).RunAsync(ct);
            var token = TokenProbe.RunAsync(inputs, ct);
            var hosts = FirewallHosts.RunAsync(inputs, ct);
            network = [.. await path, await token, .. await hosts];
        }

        return new DoctorReport(inputs.Endpoint, inputs.ProbeRepo.Id, inputs.Offline, [await caStore, .. network, await space, await writable, await health]);
    }
}

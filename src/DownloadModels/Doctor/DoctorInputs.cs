using DownloadModels.Hub;
using DownloadModels.Repos;

namespace DownloadModels.Doctor;

/// <summary>
/// What `doctor` checks: the run's HTTP client with the endpoint and token (<see cref="HubHttp.Connection"/>), where
/// the token came from (null: none set), the repo whose download path is probed, the hub cache folder, whether the
/// network is off, and how long each network check may wait.
/// </summary>
internal sealed record DoctorInputs(HubHttp Http, string? TokenSource, RepoId ProbeRepo, string HubCacheDir, bool Offline, TimeSpan Timeout)
{
    /// <summary>The endpoint every Hub request starts from.</summary>
    public Uri Endpoint => Http.Connection.Endpoint;

    /// <summary>huggingface.co itself, whose CDN and Xet hosts are known (a mirror's are found by following its answers).</summary>
    public bool IsOfficialHub => Endpoint.IdnHost is "huggingface.co" or "hf.co";
}

namespace DownloadModels.Hub;

/// <summary>
/// Gets a fresh token when the endpoint refuses the one sent (401), e.g. an OCI registry's bearer token that
/// expired during a long download. Returns the token to send from now on, or null when there is none to get
/// (the 401 then stands).
/// </summary>
internal interface ITokenRenewal
{
    Task<string?> RenewAsync(string? refused, HttpResponseMessage refusal, CancellationToken ct);
}

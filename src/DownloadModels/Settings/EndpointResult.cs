using System.Diagnostics.CodeAnalysis;

namespace DownloadModels.Settings;

/// <summary>
/// The Hub endpoint and where it came from ("--endpoint", "HF_ENDPOINT", "default"). Exactly one of
/// <see cref="Endpoint"/> and <see cref="Error"/> is set; <see cref="Warning"/> is a one-line notice
/// for a valid but unencrypted endpoint.
/// </summary>
internal sealed record EndpointResult(Uri? Endpoint, string Source, string? Warning, string? Error)
{
    [MemberNotNullWhen(true, nameof(Endpoint))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsValid => Endpoint is not null && Error is null;

    /// <summary>
    /// The endpoint without a trailing '/', for appending "/api/..." ("https://huggingface.co", not the
    /// "https://huggingface.co/" that <see cref="Uri.AbsoluteUri"/> gives).
    /// </summary>
    public string? BaseUrl => Endpoint?.AbsoluteUri.TrimEnd('/');
}

namespace DownloadModels.Hub;

/// <summary>
/// A failure talking to the Hub, with a one-line message that says what to do. The message never
/// contains the token: it is built from ids, paths, status codes and the Hub's own error text.
/// </summary>
internal sealed class HubException(HubErrorKind kind, string message, int? status = null, TimeSpan? retryAfter = null, Exception? inner = null)
    : Exception(message, inner)
{
    public HubErrorKind Kind { get; } = kind;
    public int? Status { get; } = status;

    /// <summary>How long the server asked us to wait (Retry-After or RateLimit t=), if it said.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;

    public bool IsTransient => Kind is HubErrorKind.Transient or HubErrorKind.SignedUrlExpired;
}

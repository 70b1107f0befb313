namespace DownloadModels.Hub;

/// <summary>
/// The endpoint every request starts from, and the token that only it may see. <paramref name="AuthScheme"/> is
/// "Bearer" for the Hub; an OCI registry may want "Basic" (user:password in base64) instead.
/// </summary>
internal sealed record HubConnection(Uri Endpoint, string? Token, string AuthScheme = "Bearer")
{
    /// <summary>The token goes only to the endpoint's own scheme, host and port: never to a CDN or any other redirect target.</summary>
    public bool MaySeeToken(Uri uri) => Token is not null && IsEndpoint(uri);

    /// <summary>Same scheme, host and port as the endpoint (anything else is the CDN or a stranger).</summary>
    public bool IsEndpoint(Uri uri) =>
        string.Equals(uri.Scheme, Endpoint.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(uri.IdnHost, Endpoint.IdnHost, StringComparison.OrdinalIgnoreCase)
        && uri.Port == Endpoint.Port;

    public Uri Url(string pathAndQuery) => new($"{Endpoint.AbsoluteUri.TrimEnd('/')}/{pathAndQuery}");

    // A record prints its members; this one must never print the token.
    public override string ToString() => Endpoint.ToString();
}

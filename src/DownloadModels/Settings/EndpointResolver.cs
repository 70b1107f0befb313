using System.Net;

namespace DownloadModels.Settings;

/// <summary>
/// <c>--endpoint</c>, else <c>HF_ENDPOINT</c>, else https://huggingface.co (a mirror or a local test
/// server can stand in for the Hub). Rejects anything but an absolute http(s) URL up front, instead of
/// failing later with a confusing network error.
/// </summary>
internal static class EndpointResolver
{
    public const string DefaultEndpoint = "https://huggingface.co";

    public static EndpointResult Resolve(string? endpointOption, Func<string, string?> getEnv)
    {
        ArgumentNullException.ThrowIfNull(getEnv);

        // An explicitly passed empty option is a mistake worth reporting; an empty variable is just unset.
        (string raw, string source) = endpointOption is not null ? (endpointOption, "--endpoint")
            : PathText.NullIfEmpty(getEnv("HF_ENDPOINT")) is { } fromEnv ? (fromEnv, "HF_ENDPOINT")
            : (DefaultEndpoint, "default");

        // huggingface_hub strips every trailing '/' before appending paths.
        string value = raw.Trim().TrimEnd('/');
        if (!Uri.TryCreate(value, UriKind.Absolute, out Uri? uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || string.IsNullOrEmpty(uri.Host))
        {
            return Fail(source, $"{source}: '{raw}' is not an absolute http:// or https:// URL.");
        }

        if (uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            return Fail(source, $"{source}: '{raw}' must not contain a query or fragment.");
        }

        string? warning = uri.Scheme == Uri.UriSchemeHttp && !IsLoopback(uri)
            ? $"warning: {source} {uri.Host} uses plain http; the token and all traffic travel unencrypted."
            : null;
        return new(uri, source, warning, null);
    }

    /// <summary>localhost, 127.0.0.0/8 and ::1: plain http there never leaves the machine.</summary>
    public static bool IsLoopback(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        string host = uri.Host.Trim('[', ']');
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address);
    }

    private static EndpointResult Fail(string source, string error) => new(null, source, null, error);
}

using System.Text;
using System.Text.Json;
using DownloadModels.Errors;

namespace DownloadModels.Oci;

/// <summary>
/// The user and password for one registry: DOWNLOAD_MODELS_REGISTRY_USER and DOWNLOAD_MODELS_REGISTRY_PASSWORD
/// when set, else Docker's config.json (<c>$DOCKER_CONFIG/config.json</c>, default <c>~/.docker/config.json</c>),
/// its <c>auths</c> entry for the host (what <c>docker login</c> and <c>skopeo login</c> write). Credential
/// helpers (<c>credsStore</c>, <c>credHelpers</c>) are not run.
/// </summary>
internal sealed record RegistryCredentials(string User, string Password, string Source)
{
    public const string UserVariable = "DOWNLOAD_MODELS_REGISTRY_USER";
    public const string PasswordVariable = "DOWNLOAD_MODELS_REGISTRY_PASSWORD";

    public string BasicValue => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}"));

    // A record prints its members; this one must never print the password.
    public override string ToString() => $"{User} (from {Source})";

    /// <summary>The credentials for <paramref name="registry"/> (host[:port]), or null for anonymous access.</summary>
    public static RegistryCredentials? Find(string registry, Func<string, string?> getEnv, string home)
    {
        if (getEnv(UserVariable) is { Length: > 0 } user)
            return new RegistryCredentials(user, getEnv(PasswordVariable) ?? "", UserVariable);
        var folder = getEnv("DOCKER_CONFIG") is { Length: > 0 } dockerConfig ? dockerConfig : Path.Combine(home, ".docker");
        var path = Path.Combine(folder, "config.json");
        if (!File.Exists(path))
            return null;
        DockerConfig? config;
        try
        {
            config = JsonSerializer.Deserialize(File.ReadAllBytes(path), OciJsonContext.Default.DockerConfig);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new OciException($"{path} cannot be read ({(e is JsonException ? "not valid JSON" : SystemErrors.Describe(e))}): fix it, or set {UserVariable} and {PasswordVariable}.");
        }

        foreach (var (key, auth) in config?.Auths ?? [])
        {
            if (!string.Equals(HostOf(key), registry, StringComparison.OrdinalIgnoreCase))
                continue;
            if (auth.Username is { Length: > 0 } name)
                return new RegistryCredentials(name, auth.Password ?? "", path);
            if (auth.Auth is { Length: > 0 } encoded)
            {
                string decoded;
                try
                {
                    decoded = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
                }
                catch (FormatException)
                {
                    throw new OciException($"{path}: the auth entry for {key} is not base64: run docker login {registry} again.");
                }

                var colon = decoded.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                    return new RegistryCredentials(decoded[..colon], decoded[(colon + 1)..], path);
            }
        }

        return null;
    }

    /// <summary>An auths key as Docker writes them: "host:port", "https://host", "https://index.docker.io/v1/".</summary>
    private static string HostOf(string key)
    {
        var host = key;
        var scheme = host.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
            host = host[(scheme + 3)..];
        var slash = host.IndexOf('/', StringComparison.Ordinal);
        return slash >= 0 ? host[..slash] : host;
    }
}

using System.CommandLine;
using DownloadModels.Contract;
using DownloadModels.Oci;

namespace DownloadModels.Commands;

/// <summary>
/// How push and pull reach a registry: <c>--registry-insecure</c> (plain HTTP), <c>--registry-mirror URL</c>
/// (pull: tried first for blobs, in order, as containerd uses Spegel, Dragonfly or a proxy cache), and the
/// credentials from the environment or Docker's config.json (<see cref="RegistryCredentials"/>).
/// </summary>
internal sealed class RegistryOptions
{
    public Option<bool> Insecure { get; } = new("--registry-insecure")
    {
        Description = "Talk to the registry (and mirrors without a scheme) over plain HTTP instead of HTTPS: a registry on localhost or a trusted network.",
    };

    public Option<string[]> Mirrors { get; } = new("--registry-mirror")
    {
        Description = "A registry mirror (http(s)://host[:port]) asked first for each blob, before the registry; repeatable, tried in order. A mirror without the blob or down is skipped.",
        HelpName = "URL",
        AllowMultipleArgumentsPerToken = false,
    };

    public void AddTo(Command command, bool mirrors)
    {
        command.Options.Add(Insecure);
        if (mirrors)
            command.Options.Add(Mirrors);
    }

    /// <summary>The reference argument, parsed; a malformed one is a usage error.</summary>
    public static OciReference Reference(string text, bool needsTag)
    {
        var (reference, error) = OciReference.Parse(text);
        if (reference is null)
            throw new UsageException(error!);
        if (needsTag && reference.Digest is not null)
            throw new UsageException($"push names its result with a tag, not a digest: write {OciReference.Scheme}{reference.Registry}/{reference.Name}:TAG.");
        return reference;
    }

    public IReadOnlyList<Uri> MirrorUrls(ParseResult parse)
    {
        var insecure = parse.GetValue(Insecure);
        var urls = new List<Uri>();
        foreach (var text in parse.GetValue(Mirrors) ?? [])
        {
            var withScheme = text.Contains("://", StringComparison.Ordinal) ? text : $"{(insecure ? "http" : "https")}://{text}";
            if (!Uri.TryCreate(withScheme.TrimEnd('/') + "/", UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
                throw new UsageException($"--registry-mirror '{text}' is not a URL: write http(s)://host[:port].");
            urls.Add(url);
        }

        return urls;
    }

    /// <summary>A client for the reference's repository, with the credentials found for its registry.</summary>
    public RegistryClient Client(ParseResult parse, RunContext context, OciReference reference, IEnumerable<string> scopes)
    {
        RegistryCredentials? credentials;
        try
        {
            credentials = RegistryCredentials.Find(reference.Registry, context.Env.GetEnv, context.Env.HomeDirectory ?? "/nonexistent");
        }
        catch (OciException e)
        {
            throw new UsageException(e.Message);
        }

        return new RegistryClient(context.Client, reference.Registry, reference.Name, parse.GetValue(Insecure), credentials, scopes);
    }
}

using DownloadModels.Contract;

namespace DownloadModels.Settings;

/// <summary>
/// huggingface_hub's token lookup, preceded by an explicit option: first found wins among
/// <c>--token</c>, <c>HF_TOKEN</c>, <c>HUGGING_FACE_HUB_TOKEN</c>, then the file at <c>HF_TOKEN_PATH</c>
/// (default <c>$HF_HOME/token</c>). Values are trimmed; an empty value means "look further". A value that
/// cannot travel in an HTTP header is a usage error that names where it came from, never the value itself.
/// </summary>
internal static class TokenResolver
{
    // A token is ~40 bytes; anything far larger is not a token file and is not worth reading.
    private const long MaxTokenFileBytes = 64 * 1024;

    public static TokenSetting? Resolve(string? tokenOption, Func<string, string?> getEnv, string? hfHome)
    {
        var token = Find(tokenOption, getEnv, hfHome);
        if (token is not null && !IsHeaderSafe(token.Value))
        {
            throw new UsageException($"the token from {token.Source} contains a space, a line break or a non-ASCII character and cannot be sent: check it (its value is not shown).");
        }

        return token;
    }

    /// <summary>Visible ASCII only: anything else would be refused by the HTTP stack (or split the header).</summary>
    public static bool IsHeaderSafe(string token) => token.All(c => c is >= '!' and <= '~');

    private static TokenSetting? Find(string? tokenOption, Func<string, string?> getEnv, string? hfHome)
    {
        ArgumentNullException.ThrowIfNull(getEnv);

        if (Clean(tokenOption) is { } fromOption)
        {
            return new(fromOption, "--token");
        }

        foreach (string name in (ReadOnlySpan<string>)["HF_TOKEN", "HUGGING_FACE_HUB_TOKEN"])
        {
            if (Clean(getEnv(name)) is { } fromEnv)
            {
                return new(fromEnv, name);
            }
        }

        // No HF home (no home folder, only HF_HUB_CACHE given): there is no default token file to read.
        if ((PathText.NullIfEmpty(getEnv("HF_TOKEN_PATH")) ?? (hfHome is null ? null : Path.Combine(hfHome, "token"))) is not { } path)
        {
            return null;
        }

        return Clean(ReadRegularFile(path)) is { } fromFile ? new(fromFile, $"file {path}") : null;
    }

    private static string? Clean(string? value) => PathText.NullIfEmpty(value?.Trim());

    /// <summary>
    /// Reads the file only when it is a non-empty regular file. .NET exposes no file type, but FIFOs,
    /// devices and sockets report length 0 and directories report !Exists, so the length check keeps us
    /// from blocking on a FIFO or streaming /dev/zero. An empty regular file means "no token" anyway.
    /// </summary>
    private static string? ReadRegularFile(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists || info.Length == 0 || info.Length > MaxTokenFileBytes)
            {
                return null;
            }

            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }
    }
}

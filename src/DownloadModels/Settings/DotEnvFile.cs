using System.Text;
using DownloadModels.Contract;

namespace DownloadModels.Settings;

/// <summary>
/// Reads a <c>.env</c> file the way docker compose does, so <c>MODEL_CACHE_DIR</c> means the same
/// directory here as in the containers: <c>KEY=VALUE</c> lines, optional <c>export </c> prefix, <c>#</c>
/// comments, blank lines, single/double quoted values (may span lines), an inline <c> #</c> comment
/// after an unquoted value, and variables in unquoted and double-quoted values (<see cref="DotEnvInterpolation"/>),
/// looked up in the environment first, then among the file's earlier entries; single quotes stay literal.
/// </summary>
internal static class DotEnvFile
{
    // Bigger than any real .env; stops a stray huge file from being read into memory.
    private const long MaxBytes = 1 << 20;

    /// <summary>The file's entries; empty when it is missing, unreadable, or not a regular file.</summary>
    public static IReadOnlyDictionary<string, string> Read(string path, Func<string, string?>? getEnv = null)
    {
        try
        {
            if (!File.Exists(path) || Directory.Exists(path))
            {
                return new Dictionary<string, string>(StringComparer.Ordinal);
            }

            // The bytes read are what is bounded, not what the name claims: a link's size is not its target's,
            // and a device (/dev/zero) or a FIFO has no size at all.
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.None);
            var buffer = new byte[MaxBytes + 1];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = stream.Read(buffer, length, buffer.Length - length)) > 0)
                length += read;
            return length is 0 or > (int)MaxBytes
                ? new Dictionary<string, string>(StringComparer.Ordinal)
                : Parse(new UTF8Encoding(false).GetString(buffer, 0, length).TrimStart('\uFEFF'), getEnv);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }
    }

    /// <summary>Later entries win over earlier ones; malformed lines are skipped.</summary>
    public static IReadOnlyDictionary<string, string> Parse(string text, Func<string, string?>? getEnv = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        string? Lookup(string name) => getEnv?.Invoke(name) ?? (result.TryGetValue(name, out var earlier) ? earlier : null);
        var reader = new DotEnvReader(text.Replace("\r\n", "\n", StringComparison.Ordinal), Lookup);
        long total = 0;
        while (reader.NextEntry() is { } entry)
        {
            total += entry.Value.Length;
            if (total > MaxBytes)
                throw new UsageException($".env: its values expand to more than {MaxBytes / 1024 / 1024} MiB of text; no real file does that.");
            result[entry.Key] = entry.Value;
        }

        return result;
    }
}

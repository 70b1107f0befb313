using System.Text;

namespace DownloadModels.Repos;

/// <summary>Rules for a file path inside a repo, before it is joined to a snapshot folder.</summary>
internal static class RepoPath
{
    public const int MaxBytes = 4096;
    public const int MaxSegmentBytes = 255;

    /// <summary>Null when safe; else a short description naming the offending path (control characters masked).</summary>
    public static string? Validate(string path)
    {
        var shown = $"'{Shown(path)}'";
        if (path.Length == 0)
            return "'' (empty path)";
        if (path.Any(c => char.IsControl(c)))
            return $"{shown} (control character)";
        if (path.Contains('\\'))
            return $"{shown} (backslash)";
        if (path.StartsWith('/'))
            return $"{shown} (absolute path)";
        if (Encoding.UTF8.GetByteCount(path) > MaxBytes)
            return $"{shown} (longer than {MaxBytes} bytes)";
        foreach (var segment in path.Split('/'))
        {
            if (segment.Length == 0 || segment == "." || segment == "..")
                return $"{shown} (empty, '.' or '..' segment)";
            if (Encoding.UTF8.GetByteCount(segment) > MaxSegmentBytes)
                return $"{shown} (a name longer than {MaxSegmentBytes} bytes)";
        }

        return null;
    }

    /// <summary>A path as an error message may show it: control characters masked, a hostile 4000-byte name cut short.</summary>
    public static string Shown(string path)
    {
        const int MaxShown = 120;
        var printable = RepoId.Printable(path);
        return printable.Length <= MaxShown ? printable : $"{printable[..MaxShown]}… ({path.Length} characters)";
    }
}

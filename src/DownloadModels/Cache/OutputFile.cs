using System.Runtime.InteropServices;
using System.Text;
using DownloadModels.Errors;

namespace DownloadModels.Cache;

/// <summary>
/// A file the user names for us to write (a bundle, an SBOM, a manifest, a lock). Only a regular file (or
/// nothing) is replaced, by rename, so readers never see half of it; a character device or a FIFO
/// (<c>/dev/stdout</c>, <c>/dev/null</c>, a named pipe) is written into and stays what it is; a symbolic link
/// is followed deliberately: the link stays and its final target is written (or created, as a shell's
/// <c>&gt;</c> does); anything else (a folder, a socket, a block device) is refused.
/// </summary>
internal static class OutputFile
{
    private const int FileTypeMask = 0xF000;
    private const int RegularType = 0x8000;
    private const int CharDeviceType = 0x2000;
    private const int FifoType = 0x1000;

    /// <summary>How <paramref name="path"/> is to be written: replaced (at its final path) or written in place; or why it cannot be.</summary>
    public static (string Path, bool InPlace, string? Problem) Plan(string path)
    {
        var mode = FileType(path);
        if (mode is CharDeviceType or FifoType)
            return (path, true, null);
        if (mode is not (null or RegularType))
            return (path, false, $"{path} is {(Directory.Exists(path) ? "a folder" : "not a regular file (a socket or a block device)")}: give a file name");
        // /dev/stdout, /dev/fd/N, /proc/self/fd/N: the link's target is not a path to rename over.
        if (path.StartsWith("/dev/", StringComparison.Ordinal) || path.StartsWith("/proc/", StringComparison.Ordinal))
            return (path, true, null);
        var final = FinalTarget(path);
        return Directory.Exists(Path.GetDirectoryName(final))
            ? (final, false, null)
            : (final, false, $"{path} is a link to {final}, whose folder does not exist");
    }

    /// <summary>Writes <paramref name="text"/> as <see cref="Plan"/> says; throws IOException with the problem when there is one.</summary>
    public static void WriteAllText(string path, string text)
    {
        var (target, inPlace, problem) = Plan(path);
        if (problem is not null)
            throw new OutputFileException(problem);
        try
        {
            if (!inPlace)
            {
                AtomicFile.WriteAllText(target, text);
                return;
            }

            using var stream = new FileStream(target, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
            stream.Write(new UTF8Encoding(false).GetBytes(text));
            stream.Flush();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutputFileException($"could not write {path} ({SystemErrors.Describe(e)}); it is as it was");
        }
    }

    /// <summary>Whether <paramref name="path"/>, with every link on it followed, is <paramref name="folder"/> or inside it (links followed too).</summary>
    public static bool IsInside(string path, string folder)
    {
        var root = Canonical(folder).TrimEnd('/') + "/";
        return (Canonical(path).TrimEnd('/') + "/").StartsWith(root, StringComparison.Ordinal);
    }

    /// <summary>The path a chain of symbolic links at <paramref name="path"/> ends at (the path itself when it is no link).</summary>
    private static string FinalTarget(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget is null ? path : File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName ?? path;
        }
        catch (IOException)
        {
            return path; // a loop of links: writing will fail and say so
        }
    }

    /// <summary>The absolute path with every symbolic link on it resolved, as far as the path exists.</summary>
    private static string Canonical(string path, int depth = 0)
    {
        var result = Path.GetPathRoot(Path.GetFullPath(path)) ?? "/";
        foreach (var part in Path.GetFullPath(path).Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(result, part);
            if (depth < 40 && new FileInfo(next).LinkTarget is { } target)
                next = Canonical(Path.IsPathRooted(target) ? target : Path.Combine(result, target), depth + 1);
            result = next;
        }

        return result;
    }

    /// <summary>The st_mode file type bits of what <paramref name="path"/> names (links followed); null when nothing is there.</summary>
    private static int? FileType(string path)
    {
        var buffer = new byte[256];
        var bytes = Encoding.UTF8.GetBytes(path + "\0");
        if (OperatingSystem.IsLinux())
        {
            // statx(2): one layout on every architecture (stx_mode is the u16 at offset 28).
            const int AtFdCwd = -100;
            const uint StatxType = 0x1;
            return Statx(AtFdCwd, bytes, 0, StatxType, buffer) == 0 ? BitConverter.ToUInt16(buffer, 28) & FileTypeMask : null;
        }

        // macOS (64-bit inodes): st_dev (int32) then st_mode (u16) at offset 4.
        return Stat(bytes, buffer) == 0 ? BitConverter.ToUInt16(buffer, 4) & FileTypeMask : null;
    }

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(int dirFd, byte[] path, int flags, uint mask, byte[] buffer);

    [DllImport("libc", EntryPoint = "stat", SetLastError = true)]
    private static extern int Stat(byte[] path, byte[] buffer);
}

/// <summary>An output path that cannot be written as a file (a folder, a socket, a link into a missing folder).</summary>
internal sealed class OutputFileException(string message) : IOException(message);

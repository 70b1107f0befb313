using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace DownloadModels.Errors;

/// <summary>
/// Plain words for a failure of the operating system or the runtime. The binary is built with
/// UseSystemResourceKeys, so a runtime exception's Message is a resource key ("IO_PathNotFound_Path, /x"),
/// never fit to print: every message about such a failure is built here from the exception's type and
/// errno instead. Our own exceptions (usage, Hub, bundle, mirror errors) carry messages written for people.
/// </summary>
internal static partial class SystemErrors
{
    /// <summary>A short reason, e.g. "permission denied", "the disk is full", "a file is in the way".</summary>
    public static string Describe(Exception e) => e switch
    {
        DirectoryNotFoundException => "a folder on its path does not exist",
        FileNotFoundException => "no such file",
        PathTooLongException => "the path is too long",
        UnauthorizedAccessException => "permission denied",
        EndOfStreamException => "the data ends too early",
        InvalidDataException => "the data is damaged or not in the expected format",
        JsonException json => JsonReason(json),
        SocketException socket => Socket(socket.SocketErrorCode),
        IOException io when Errno.FromHResult(io.HResult) is { } errno => Errno.Describe(errno),
        IOException => "an input/output error",
        OutOfMemoryException => "out of memory",
        _ => "an unexpected internal error",
    };

    /// <summary>
    /// The file or folder a runtime I/O exception is about, when it says: its own FileName, else the path its
    /// message carries — quoted ("… '/x' …") or, with resource keys, after the key ("IO_PathNotFound_Path, /x").
    /// Only the path is taken from the message, never its words.
    /// </summary>
    public static string? PathOf(Exception e)
    {
        if (e is FileNotFoundException { FileName: { Length: > 0 } name } && Path.IsPathRooted(name))
            return name;
        var message = e.Message;
        var quoted = QuotedPath().Match(message);
        if (quoted.Success)
            return quoted.Groups["path"].Value;
        var keyed = KeyedPath().Match(message);
        return keyed.Success ? keyed.Groups["path"].Value : null;
    }

    /// <summary>
    /// The file that stood where a folder was needed, when that is what the failure was (a missing folder on
    /// the path, EEXIST or ENOTDIR): then its name, not the runtime's words, is what the user needs.
    /// </summary>
    public static string? FileInTheWayOf(Exception e)
    {
        var fits = e is DirectoryNotFoundException || (e is IOException io && Errno.FromHResult(io.HResult) is 17 or 20);
        return fits && PathOf(e) is { } path ? FileInTheWay(path) : null;
    }

    /// <summary>Whether the failure means the disk (or the user's quota) is full.</summary>
    public static bool IsDiskFull(Exception e) =>
        e is IOException io && Errno.FromHResult(io.HResult) is { } errno && Errno.IsDiskFull(errno);

    /// <summary>Whether the failure is a permission problem (EACCES, EPERM).</summary>
    public static bool IsPermission(Exception e) => e is UnauthorizedAccessException;

    /// <summary>
    /// The nearest part of <paramref name="path"/> (itself or a parent) that exists but is not a folder, or
    /// null: "--cache-dir ./notes.txt" must say the file is in the way, not that permissions are wrong.
    /// </summary>
    public static string? FileInTheWay(string path)
    {
        for (var current = Path.GetFullPath(path); !string.IsNullOrEmpty(current); current = Path.GetDirectoryName(current))
        {
            if (Directory.Exists(current))
                return null;
            if (File.Exists(current) || new FileInfo(current).LinkTarget is not null)
                return current;
        }

        return null;
    }

    /// <summary>
    /// One line for a folder that cannot be created or written, with the advice that fits the reason:
    /// a file in the way, permissions, a read-only or full file system. <paramref name="what"/> names the
    /// folder ("the cache folder /x/hub"); <paramref name="other"/> says how to pick another ("--cache-dir").
    /// </summary>
    public static string FolderNotWritable(string what, string folder, Exception e, string other)
    {
        if (FileInTheWay(folder) is { } file)
            return $"{what} cannot be created: {file} is a file, not a folder; remove it or choose another {other}.";
        var reason = Describe(e);
        if (IsPermission(e))
            return $"{what} is not writable ({reason}): fix its permissions or choose another {other}.";
        if (IsDiskFull(e))
            return $"{what} is not writable ({reason}): free some space or choose another {other}.";
        return $"{what} is not writable ({reason}): choose another {other}.";
    }

    private static string Socket(SocketError error) => error switch
    {
        SocketError.ConnectionRefused => "connection refused",
        SocketError.ConnectionReset => "the connection was reset",
        SocketError.TimedOut => "no answer in time",
        SocketError.HostUnreachable => "the host is unreachable",
        SocketError.NetworkUnreachable => "the network is unreachable",
        SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "the host name does not resolve",
        _ => "the connection failed",
    };

    // The reader's syntax errors reach us as (or wrapping) its own JsonException subtype; a value of the wrong
    // type is a plain JsonException (wrapping the converter's InvalidOperationException): the JSON itself is fine.
    private static string JsonReason(JsonException json) =>
        json.GetType() == typeof(JsonException) && json.InnerException is not JsonException
            ? $"valid JSON of the wrong shape ({(json.Path is { Length: > 0 } path ? $"the value at {path} has the wrong type" : "a value has the wrong type")})"
            : json.LineNumber is { } line
            ? $"not valid JSON (line {line + 1}, byte {(json.BytePositionInLine ?? 0) + 1})"
            : "not valid JSON";

    /// <summary>The C library's own text for an errno we have no words for (never a runtime resource key).</summary>
    internal static string StrError(int errno)
    {
        var text = Marshal.GetPInvokeErrorMessage(errno);
        return string.IsNullOrWhiteSpace(text) ? $"system error {errno}" : char.ToLowerInvariant(text[0]) + text[1..];
    }

    [GeneratedRegex(@"'(?<path>/[^']*)'")]
    private static partial Regex QuotedPath();

    [GeneratedRegex(@"^[A-Za-z]+_[A-Za-z_]+, (?<path>/.*?)(?:, |$)")]
    private static partial Regex KeyedPath();
}

using System.Runtime.InteropServices;
using System.Text;

namespace DownloadModels.Mirror;

/// <summary>
/// The two system calls .NET does not expose: link(2) (no hard-link API) and a bare rename(2) (File.Move
/// refuses a symlink that points at a folder, and Directory.Move never replaces). Linux and macOS only.
/// </summary>
internal static class Posix
{
    public const int Eperm = 1;
    public const int Exdev = 18;
    public const int Emlink = 31;
    public const int Enotsup = 95;

    /// <summary>0 on success, else errno.</summary>
    public static int TryLink(string existing, string newPath) =>
        Link(NullTerminated(existing), NullTerminated(newPath)) == 0 ? 0 : Marshal.GetLastPInvokeError();

    /// <summary>Atomically replaces <paramref name="newPath"/> (a file or a symlink, never following it).</summary>
    public static void Rename(string oldPath, string newPath)
    {
        if (RenameNative(NullTerminated(oldPath), NullTerminated(newPath)) != 0)
            throw new IOException($"could not rename {oldPath} to {newPath}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}.");
    }

    public static string Describe(int errno) => Marshal.GetPInvokeErrorMessage(errno);

    private static byte[] NullTerminated(string path) => Encoding.UTF8.GetBytes(path + "\0");

    [DllImport("libc", EntryPoint = "link", SetLastError = true)]
    private static extern int Link(byte[] existing, byte[] newPath);

    [DllImport("libc", EntryPoint = "rename", SetLastError = true)]
    private static extern int RenameNative(byte[] oldPath, byte[] newPath);
}

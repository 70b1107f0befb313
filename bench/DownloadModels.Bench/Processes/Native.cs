using System.Runtime.InteropServices;

namespace DownloadModels.Bench.Processes;

/// <summary>
/// The libc calls behind <see cref="ChildProcess"/>. System.Diagnostics.Process reaps its children itself and
/// so never exposes their rusage; a child started with posix_spawn and reaped with wait4 gives peak RSS and
/// CPU times straight from the kernel, exactly what GNU time would print, without depending on it.
/// </summary>
internal static unsafe partial class Native
{
    public const int ReadOnly = 0x0;
    public const int WriteCreateTruncate = 0x1 | 0x40 | 0x200; // O_WRONLY | O_CREAT | O_TRUNC (Linux)
    public const int Interrupted = 4; // EINTR
    public const int KillSignal = 9; // SIGKILL

    // glibc's posix_spawn_file_actions_t is 80 bytes on 64-bit Linux; room to spare costs nothing.
    public const int FileActionsSize = 256;

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int posix_spawnp(out int pid, string file, void* fileActions, void* attributes, nint* argv, nint* envp);

    [LibraryImport("libc")]
    public static partial int posix_spawn_file_actions_init(void* fileActions);

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int posix_spawn_file_actions_addopen(void* fileActions, int fd, string path, int flags, int mode);

    [LibraryImport("libc")]
    public static partial int posix_spawn_file_actions_adddup2(void* fileActions, int fd, int newFd);

    [LibraryImport("libc")]
    public static partial int posix_spawn_file_actions_destroy(void* fileActions);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int wait4(int pid, out int status, int options, out RUsage usage);

    [LibraryImport("libc")]
    public static partial int kill(int pid, int signal);

    /// <summary>Flushes dirty pages so one run's writeback does not slow the next run down.</summary>
    [LibraryImport("libc")]
    public static partial void sync();
}

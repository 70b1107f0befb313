using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace DownloadModels.Bench.Processes;

/// <summary>
/// Runs a program with stdin from /dev/null and stdout+stderr into a log file, and measures it: wall time
/// from spawn to reaping, CPU time from wait4 (the program and what it waited for), peak RSS via
/// <see cref="PeakRss"/> when <c>measureRss</c> is set.
/// </summary>
internal static unsafe class ChildProcess
{
    public static Task<ProcessResult> RunAsync(IReadOnlyList<string> argv, IReadOnlyDictionary<string, string> environment, string logPath, TimeSpan timeout, bool measureRss = false) =>
        // wait4 blocks: give it its own thread rather than a pool thread the in-process hub needs.
        Task.Factory.StartNew(
            () =>
            {
                var report = logPath + ".rss";
                var result = Run(measureRss ? PeakRss.Wrap(argv, report) : argv, environment, logPath, timeout);
                return result with { PeakRssMb = measureRss ? PeakRss.Read(report) : double.NaN };
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

    private static ProcessResult Run(IReadOnlyList<string> argv, IReadOnlyDictionary<string, string> environment, string logPath, TimeSpan timeout)
    {
        using var args = new CStringArray(argv);
        using var env = new CStringArray([.. environment.Select(e => $"{e.Key}={e.Value}")]);
        var actions = NativeMemory.AllocZeroed(Native.FileActionsSize);
        try
        {
            Check(Native.posix_spawn_file_actions_init(actions), "posix_spawn_file_actions_init");
            Check(Native.posix_spawn_file_actions_addopen(actions, 0, "/dev/null", Native.ReadOnly, 0), "addopen stdin");
            Check(Native.posix_spawn_file_actions_addopen(actions, 1, logPath, Native.WriteCreateTruncate, 0x1a4), "addopen log");
            Check(Native.posix_spawn_file_actions_adddup2(actions, 1, 2), "adddup2");
            var clock = Stopwatch.StartNew();
            Check(Native.posix_spawnp(out var pid, argv[0], actions, null, args.Pointer, env.Pointer), $"start {argv[0]}");
            var timedOut = 0;
            using var watchdog = new Timer(
                _ =>
                {
                    Volatile.Write(ref timedOut, 1);
                    Kill(pid);
                },
                null,
                timeout,
                Timeout.InfiniteTimeSpan);
            int status;
            RUsage usage;
            while (Native.wait4(pid, out status, 0, out usage) == -1)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno != Native.Interrupted)
                {
                    throw new Win32Exception(errno, $"wait4 for {argv[0]}");
                }
            }

            clock.Stop();
            watchdog.Change(Timeout.Infinite, Timeout.Infinite);
            var signal = status & 0x7f;
            var exitCode = signal == 0 ? (status >> 8) & 0xff : 128 + signal;
            return new ProcessResult(exitCode, clock.Elapsed, double.NaN, usage.CpuSeconds, Volatile.Read(ref timedOut) == 1);
        }
        finally
        {
            Native.posix_spawn_file_actions_destroy(actions);
            NativeMemory.Free(actions);
        }
    }

    /// <summary>Kills the process and its children: under GNU time, the tool is time's child.</summary>
    private static void Kill(int pid)
    {
        try
        {
            foreach (var child in File.ReadAllText($"/proc/{pid}/task/{pid}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                Native.kill(int.Parse(child, System.Globalization.CultureInfo.InvariantCulture), Native.KillSignal);
            }
        }
        catch (IOException)
        {
            // Gone already, or a kernel without /proc/…/children: killing the process itself still ends the wait.
        }

        Native.kill(pid, Native.KillSignal);
    }

    private static void Check(int error, string what)
    {
        if (error != 0)
        {
            throw new Win32Exception(error, $"{what} failed");
        }
    }
}

using System.Runtime.InteropServices;
using DownloadModels.Contract;

namespace DownloadModels.Commands;

/// <summary>
/// Turns SIGINT and SIGTERM into a cancellation, so downloads stop promptly with their partial files
/// flushed and kept, and remembers which signal it was for the exit code (130 or 143).
/// </summary>
internal sealed class SignalHandler : IDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private readonly PosixSignalRegistration[] _registrations;
    private int _exitCode;

    public SignalHandler()
    {
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, c => Stop(c, ExitCodes.Interrupted)),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => Stop(c, ExitCodes.Terminated)),
        ];
    }

    public CancellationToken Token => _cts.Token;

    /// <summary>130 or 143 once a signal arrived; 0 before.</summary>
    public int ExitCode => Volatile.Read(ref _exitCode);

    private void Stop(PosixSignalContext context, int exitCode)
    {
        context.Cancel = true; // keep running until the downloads have stopped cleanly
        Interlocked.CompareExchange(ref _exitCode, exitCode, 0);
        _cts.Cancel();
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
            registration.Dispose();
        _cts.Dispose();
    }
}

using DownloadModels.Hub;
using DownloadModels.Output;

namespace DownloadModels.Commands;

/// <summary>
/// Where a run's retries are told: to the progress view while one is open (<see cref="Watch"/>), else as a
/// plain line on stderr (--dry-run, verify), unless quiet. Shared by every Hub client and downloader of the run.
/// </summary>
internal sealed class RetryRelay(TextWriter error, bool quiet) : IRetryObserver
{
    private readonly Lock _gate = new();
    private IRetryObserver? _view;

    public void Retrying(RetryNotice notice)
    {
        lock (_gate)
        {
            if (_view is not null)
            {
                _view.Retrying(notice);
            }
            else if (!quiet)
            {
                error.Write(ProgressLines.Printable(notice.ToString()) + "\n");
                error.Flush();
            }
        }
    }

    /// <summary>Sends retries to <paramref name="view"/> until the returned handle is disposed.</summary>
    public IDisposable Watch(IRetryObserver view)
    {
        lock (_gate)
            _view = view;
        return new Unwatch(this);
    }

    private sealed class Unwatch(RetryRelay relay) : IDisposable
    {
        public void Dispose()
        {
            lock (relay._gate)
                relay._view = null;
        }
    }
}

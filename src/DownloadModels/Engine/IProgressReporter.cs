using DownloadModels.Hub;
using DownloadModels.Transfer;

namespace DownloadModels.Engine;

/// <summary>
/// What the engine tells the person watching. Implementations draw a live view on a terminal, plain
/// rate-limited lines elsewhere (CI, docker build), or nothing but errors (--quiet). Calls arrive from
/// many download tasks at once: implementations are thread-safe. Retries reach them too (as an
/// <see cref="IRetryObserver"/>), so no wait is silent.
/// </summary>
internal interface IProgressReporter : IAsyncDisposable, IRetryObserver
{
    void ModelPlanned(ModelPlan plan);

    /// <summary>A file starts downloading; the returned counters are updated by the downloader.</summary>
    FileProgress FileStarted(ModelPlan plan, PlannedFile file);

    void FileFinished(FileProgress file, BlobResult result);

    void FileFailed(FileProgress file, string error);

    /// <summary>A started file that ends without an outcome of its own (its model failed as a whole): it only leaves the view.</summary>
    void FileStopped(FileProgress file);

    void ModelFinished(ModelResult result);

    /// <summary>A notice that is not an error (waiting for a lock, a warning about the endpoint).</summary>
    void Notice(string message);
}

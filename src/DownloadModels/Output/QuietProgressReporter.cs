using DownloadModels.Engine;
using DownloadModels.Hub;
using DownloadModels.Transfer;

namespace DownloadModels.Output;

/// <summary>
/// <c>--quiet</c> (and <c>--progress none</c>): nothing but what went wrong — a file's error and a failed
/// model's summary, each error once — so a script's log stays empty when everything works.
/// </summary>
internal sealed class QuietProgressReporter(TextWriter error) : IProgressReporter
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _shownErrors = new(StringComparer.Ordinal);

    public void ModelPlanned(ModelPlan plan)
    {
    }

    // The downloader still needs counters to write to, even though nobody reads them.
    public FileProgress FileStarted(ModelPlan plan, PlannedFile file) =>
        new(plan.Request.Label, file.File.Path, file.File.Size);

    public void FileFinished(FileProgress file, BlobResult result)
    {
    }

    public void FileFailed(FileProgress file, string error)
    {
        lock (_gate)
        {
            _shownErrors.Add(error);
            Write([ProgressLines.FileFailed(file, error)]);
        }
    }

    public void FileStopped(FileProgress file)
    {
    }

    public void ModelFinished(ModelResult result)
    {
        lock (_gate)
        {
            if (!result.Succeeded)
                Write(ProgressLines.ModelFinished(result, _shownErrors));
        }
    }

    public void Notice(string message)
    {
    }

    public void Retrying(RetryNotice notice)
    {
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private void Write(IReadOnlyList<string> lines)
    {
        foreach (var line in lines)
            error.Write(ProgressLines.Printable(line) + "\n");
        error.Flush();
    }
}

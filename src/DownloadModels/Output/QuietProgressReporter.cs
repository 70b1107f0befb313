using DownloadModels.Engine;
using DownloadModels.Transfer;

namespace DownloadModels.Output;

/// <summary>
/// <c>--quiet</c>: nothing but what went wrong, a file's error and a failed model's summary, so a
/// script's log stays empty when everything works.
/// </summary>
internal sealed class QuietProgressReporter(TextWriter error) : IProgressReporter
{
    private readonly Lock _gate = new();

    public void ModelPlanned(ModelPlan plan)
    {
    }

    // The downloader still needs counters to write to, even though nobody reads them.
    public FileProgress FileStarted(ModelPlan plan, PlannedFile file) =>
        new(plan.Request.Label, file.File.Path, file.File.Size);

    public void FileFinished(FileProgress file, BlobResult result)
    {
    }

    public void FileFailed(FileProgress file, string error) => Write([ProgressLines.FileFailed(file, error)]);

    public void ModelFinished(ModelResult result)
    {
        if (!result.Succeeded)
            Write(ProgressLines.ModelFinished(result, null));
    }

    public void Notice(string message)
    {
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private void Write(IReadOnlyList<string> lines)
    {
        lock (_gate)
        {
            foreach (var line in lines)
                error.Write(ProgressLines.Printable(line) + "\n");
            error.Flush();
        }
    }
}

namespace DownloadModels.Tests.EndToEnd;

/// <summary>A throwaway HOME for one end-to-end test, so the real ~/.cache is never touched.</summary>
internal sealed class TempHome : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("dm-e2e-").FullName;

    public string Sub(string relative) => System.IO.Path.Combine(Path, relative);

    public BinaryRun Run() => new(Path) { WorkingDirectory = Path };

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the OS cleans temp folders.
        }
    }
}

namespace DownloadModels.Tests;

/// <summary>The tests' one way to the repository's root (the folder holding DownloadModels.slnx).</summary>
internal static class RepoRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "DownloadModels.slnx")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new DirectoryNotFoundException("repo root (DownloadModels.slnx) not found above " + AppContext.BaseDirectory);
    }
}

using DownloadModels.Lockfile;
using DownloadModels.Tests.Cli;
using DownloadModels.Tests.EndToEnd;

namespace DownloadModels.Tests.Repro;

/// <summary>A project folder with download-models.toml (and its lock) on top of an in-process CLI harness.</summary>
internal sealed class ReproProject : IDisposable
{
    public ReproProject(string? endpoint) => Cli = new CliHarness(endpoint);

    public CliHarness Cli { get; }

    public string ManifestPath => Path.Combine(Cli.WorkingDirectory, "download-models.toml");

    public string LockPath => Path.Combine(Cli.WorkingDirectory, "download-models.lock");

    public string LockText => File.ReadAllText(LockPath);

    public ReproProject Manifest(string text)
    {
        File.WriteAllText(ManifestPath, text);
        return this;
    }

    public LockedSet ReadLock() => LockReader.Parse(LockText, LockPath);

    public Task<ProcessResult> RunAsync(params string[] args) => Cli.RunAsync(args);

    /// <summary>Runs and fails the test at once unless the exit code is 0.</summary>
    public async Task<ProcessResult> MustRunAsync(params string[] args)
    {
        var result = await Cli.RunAsync(args);
        return result.ExitCode == 0 ? result : throw new InvalidOperationException($"download-models {string.Join(' ', args)}: {result}");
    }

    public string RepoFolder(string repoId, string type = "models") => Path.Combine(Cli.HubCache, $"{type}--{repoId.Replace("/", "--", StringComparison.Ordinal)}");

    public string SnapshotPath(string repoId, string commit, string path) => Path.Combine(RepoFolder(repoId), "snapshots", commit, path);

    /// <summary>The commit refs/{revision} names, or null.</summary>
    public string? Ref(string repoId, string revision = "main")
    {
        var path = Path.Combine(RepoFolder(repoId), "refs", revision);
        return File.Exists(path) ? File.ReadAllText(path) : null;
    }

    public void Dispose() => Cli.Dispose();
}

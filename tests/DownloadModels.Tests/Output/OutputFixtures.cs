using DownloadModels.Engine;
using DownloadModels.Presets;
using DownloadModels.Repos;
using DownloadModels.Transfer;

namespace DownloadModels.Tests.Output;

/// <summary>Plans and requests built by hand, shaped like what the engine hands the reporters.</summary>
internal static class OutputFixtures
{
    public const string Commit = "d90ca5fe5b6c0f5a5e2b1ac4c1c0a2b6d3e4f5a6";

    public static ModelRequest Request(string label = "stt", string repo = "Systran/faster-whisper-tiny") =>
        new(new ModelSpec(label, repo, "main", ["*"], [], [], []), new RepoId(RepoType.Model, repo));

    public static PlannedFile File(string path, long size, bool cached = false) =>
        new(new RepoFile(path, size, "0123456789abcdef0123456789abcdef01234567", null), cached);

    public static ModelPlan Plan(ModelRequest request, params PlannedFile[] files) => new(request, Commit, files, []);

    /// <summary>faster-whisper-tiny's five files: 75.6 MB in all, the model 75.5 MB of it.</summary>
    public static ModelPlan Whisper(bool cached = false) => Plan(Request(),
        File("config.json", 2_250, cached),
        File("model.bin", 75_500_000, cached),
        File("preprocessor_config.json", 340, cached),
        File("tokenizer.json", 48_000, cached),
        File("vocabulary.txt", 45_000, cached));

    public static PlannedFile ModelBin(ModelPlan plan) => plan.Files.Single(f => f.File.Path == "model.bin");

    /// <summary>A model's result as the engine reports it: every file with <paramref name="status"/>, except the failures given.</summary>
    public static ModelResult Result(ModelPlan plan, FileStatus status, params (string Path, string Error)[] failures)
    {
        var files = plan.Files.Select(f => failures.FirstOrDefault(x => x.Path == f.File.Path) is { Error: { } error }
            ? new FileResult(f.File, FileStatus.Failed, null, error)
            : new FileResult(f.File, status, status == FileStatus.Fetched ? new BlobResult(false, f.File.Size, 0, 0) : null, null)).ToArray();
        return new ModelResult(plan.Request, Commit, plan.Files.Count, files.Count(f => f.Status == FileStatus.Cached),
            files.Sum(f => f.Transfer?.BytesFetched ?? 0), files.Where(f => f.Status == FileStatus.Cached).Sum(f => f.File.Size), TimeSpan.FromSeconds(3),
            [.. failures.Select(f => f.Error)]) { FileResults = files };
    }
}

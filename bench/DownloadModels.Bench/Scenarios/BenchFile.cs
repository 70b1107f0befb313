namespace DownloadModels.Bench.Scenarios;

/// <summary>One generated file on the fake hub; <see cref="Lfs"/> files are served from the CDN listener.</summary>
internal sealed record BenchFile(string RepoId, string Path, long Size, bool Lfs);

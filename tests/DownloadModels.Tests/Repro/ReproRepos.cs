using System.Security.Cryptography;
using System.Text;
using DownloadModels.Tests.FakeHub;

namespace DownloadModels.Tests.Repro;

/// <summary>Small repos with history for the lock and sync tests.</summary>
internal static class ReproRepos
{
    public const string Manifest = "[[model]]\nrepo = \"org/model\"\ninclude = [\"*.json\", \"*.bin\"]\n";

    /// <summary>org/model (or <paramref name="id"/>): a JSON config, an LFS weight file, a README the manifest leaves out.</summary>
    public static FakeRepo Add(FakeHub.FakeHub hub, string id = "org/model") =>
        hub.AddRepo(id)
            .AddFile("config.json", "{\"version\": 1}\n")
            .AddFile("model.bin", 50_000, lfs: true, seed: id.Sum(c => c))
            .AddFile("README.md", "# model\n");

    /// <summary>A push: a new commit on main whose config.json and model.bin differ; returns the new commit.</summary>
    public static string Push(FakeRepo repo, string name)
    {
        var commit = CommitId(repo.Id + name);
        repo.SetCommit(commit)
            .AddFile("config.json", $"{{\"version\": \"{name}\"}}\n")
            .AddFile("model.bin", 50_000, lfs: true, seed: name.Length + 7);
        return commit;
    }

    public static string CommitId(string seed) => Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(seed)));
}

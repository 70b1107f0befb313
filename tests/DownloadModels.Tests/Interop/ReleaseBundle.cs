using DownloadModels.Tests.FakeHub;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Interop;

/// <summary>
/// Fixtures/release-bundle.tar.zst: a bundle made by an earlier release of download-models (commit d3a833d, before
/// issue 8), so it carries trees/{commit}.json in that release's JSON-array format. It was made with
/// <c>download-models pack release-bundle.tar.zst org/tiny --include config.json --include model.bin --include tokenizer.json</c>
/// from the repo below on the fake hub, whose content and commit are deterministic: the test rebuilds the same repo
/// to know what every file must hash to.
/// </summary>
internal static class ReleaseBundle
{
    public const string RepoId = "org/tiny";

    public static readonly string[] Packed = ["config.json", "model.bin", "tokenizer.json"];

    public static string Path => System.IO.Path.Combine(AppContext.BaseDirectory, "Interop", "Fixtures", "release-bundle.tar.zst");

    public static FakeRepo AddRepo(HubServer hub) =>
        hub.AddRepo(RepoId)
            .AddFile("README.md", "# tiny\n")
            .AddFile("config.json", "{\"layers\": 2}\n")
            .AddFile("model.bin", 3_000, lfs: true)
            .AddFile("tokenizer.json", "{\"version\": \"1.0\"}\n");
}

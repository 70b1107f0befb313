using DownloadModels.Filtering;
using DownloadModels.Repos;

namespace DownloadModels.Tests.Repos;

/// <summary>
/// The hf:// grammar and web URLs, on huggingface_hub's own examples (its <c>_hf_uris.py</c> docstrings); the interop
/// suite checks a wider list against <c>parse_hf_uri</c> itself (HubUriInteropTests).
/// </summary>
public sealed class HubUriTests
{
    [Test]
    [Arguments("hf://my-org/my-model", null, "Model", "my-org/my-model", null, "", false)]
    [Arguments("hf://models/my-org/my-model", null, "Model", "my-org/my-model", null, "", false)]
    [Arguments("hf://datasets/my-org/my-dataset@refs/pr/3/train.json", null, "Dataset", "my-org/my-dataset", "refs/pr/3", "train.json", false)]
    [Arguments("hf://datasets/my-org/my-dataset@v1.0/data/", null, "Dataset", "my-org/my-dataset", "v1.0", "data", true)]
    [Arguments("hf://my-org/my-model@refs/convert/parquet", null, "Model", "my-org/my-model", "refs/convert/parquet", "", false)]
    [Arguments("hf://my-org/my-model@feature%2Ffoo/a.txt", null, "Model", "my-org/my-model", "feature/foo", "a.txt", false)]
    [Arguments("hf://my-org/my-model/file@1.txt", null, "Model", "my-org/my-model", null, "file@1.txt", false)]
    [Arguments("hf://spaces/org/app/app.py", null, "Space", "org/app", null, "app.py", false)]
    [Arguments("https://huggingface.co/datasets/my-org/my-dataset/blob/main/train.csv", null, "Dataset", "my-org/my-dataset", "main", "train.csv", false)]
    [Arguments("https://huggingface.co/org/model", null, "Model", "org/model", null, "", false)]
    [Arguments("https://hf.co/org/model/tree/main/sub", null, "Model", "org/model", "main", "sub", false)]
    [Arguments("huggingface.co/org/model/resolve/main/config.json?download=true", null, "Model", "org/model", "main", "config.json", false)]
    [Arguments("https://huggingface.co/org/model/blob/refs%2Fpr%2F1/a%20b.txt", null, "Model", "org/model", "refs/pr/1", "a b.txt", false)]
    [Arguments("https://huggingface.co/org/model/blob/refs/pr/1/x.json", null, "Model", "org/model", "refs/pr/1", "x.json", false)]
    [Arguments("http://localhost:8080/hf/org/model/blob/main/x.json", "http://localhost:8080/hf", "Model", "org/model", "main", "x.json", false)]
    [Arguments("http://mirror.internal/datasets/org/d", "http://mirror.internal", "Dataset", "org/d", null, "", false)]
    public async Task TryParse_HuggingfaceHubExamples_SameParts(string text, string? endpoint, string type, string id, string? revision, string path, bool folder)
    {
        var ok = HubUri.TryParse(text, endpoint is null ? null : new Uri(endpoint), out var uri, out var error);

        await Assert.That(ok).IsTrue().Because(error);
        await Assert.That(uri).IsEqualTo(new HubUri(Enum.Parse<RepoType>(type), id, revision, path, folder));
    }

    [Test]
    [Arguments("hf://", "nothing after 'hf://'")]
    [Arguments("hf://gpt2", "must be ORG/NAME")]
    [Arguments("hf://datasets", "nothing after 'datasets'")]
    [Arguments("hf://dataset/org/d", "must be plural")]
    [Arguments("hf://kernels/org/k", "not supported")]
    [Arguments("hf://org/model@", "empty")]
    [Arguments("hf://org/model@../x", "'..'")]
    [Arguments("hf://org/model/a//b", "empty segment")]
    [Arguments("hf://org--x/model", "not a valid repository id")]
    [Arguments("https://huggingface.co/org", "no ORG/NAME")]
    [Arguments("https://huggingface.co/org/model/commits/main", "names no file or folder")]
    [Arguments("http://localhost:8080/org/model", "not a Hub host")]
    [Arguments("ftp://huggingface.co/org/model", "http(s) URL")]
    public async Task TryParse_Malformed_FalseWithReason(string text, string reason)
    {
        var ok = HubUri.TryParse(text, null, out var uri, out var error);

        await Assert.That(ok).IsFalse();
        await Assert.That(uri).IsNull();
        await Assert.That(error).Contains(reason);
    }

    [Test]
    [Arguments("hf://org/model", true)]
    [Arguments("HTTPS://huggingface.co/org/model", true)]
    [Arguments("huggingface.co/org/model", true)]
    [Arguments("org/model", false)]
    [Arguments("gpt2", false)]
    [Arguments("a/b/c", false)]
    [Arguments("org/../etc", false)]
    public async Task IsUriLike_RepoIdsAndUris_Told(string text, bool uriLike) =>
        await Assert.That(HubUri.IsUriLike(text)).IsEqualTo(uriLike);

    [Test]
    [Arguments("a[1]*?.txt")]
    [Arguments("plain/path.json")]
    public async Task PathFilterLiteral_PathWithGlobCharacters_MatchesOnlyItself(string path)
    {
        var literal = PathFilter.Literal(path);

        await Assert.That(PathFilter.FnMatch(literal, path)).IsTrue();
        await Assert.That(PathFilter.FnMatch(literal, path + "x")).IsFalse();
        await Assert.That(PathFilter.FnMatch(literal, "a1xy.txt")).IsFalse();
    }
}

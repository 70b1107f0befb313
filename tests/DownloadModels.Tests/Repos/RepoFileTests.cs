using DownloadModels.Repos;

namespace DownloadModels.Tests.Repos;

public sealed class RepoFileTests
{
    private const string GitOid = "b45ef6fec89518d314f546fd6c3025367b721684";
    private const string Sha256 = "dffd6021bb2bd5b0af676290809ec3a53191dd81c7f70a4b28688a362182986f";

    [Test]
    public async Task Etag_RegularFile_IsGitOid()
    {
        var file = new RepoFile("config.json", 13, GitOid, null);

        await Assert.That(file.Etag).IsEqualTo(GitOid);
        await Assert.That(file.IsLfs).IsFalse();
    }

    [Test]
    public async Task Etag_LfsFile_IsSha256NotPointerOid()
    {
        var file = new RepoFile("model.safetensors", 13, GitOid, Sha256);

        await Assert.That(file.Etag).IsEqualTo(Sha256);
        await Assert.That(file.IsLfs).IsTrue();
    }
}

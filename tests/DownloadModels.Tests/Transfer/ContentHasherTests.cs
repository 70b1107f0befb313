using System.Text;
using DownloadModels.Repos;
using DownloadModels.Transfer;

namespace DownloadModels.Tests.Transfer;

public sealed class ContentHasherTests
{
    private const string HelloGitSha1 = "b45ef6fec89518d314f546fd6c3025367b721684";
    private const string HelloSha256 = "dffd6021bb2bd5b0af676290809ec3a53191dd81c7f70a4b28688a362182986f";
    private const string EmptyGitSha1 = "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391";
    private const string EmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private const string PointerOid = "0123456789abcdef0123456789abcdef01234567";

    private static readonly byte[] Hello = Encoding.ASCII.GetBytes("Hello, World!");
    private static readonly RepoFile HelloRegular = new("hello.txt", Hello.Length, HelloGitSha1, null);
    private static readonly RepoFile HelloLfs = new("hello.bin", Hello.Length, PointerOid, HelloSha256);

    [Test]
    public async Task FinishHex_RegularFile_IsGitBlobSha1()
    {
        using var hasher = ContentHasher.For(HelloRegular);
        hasher.Append(Hello);

        await Assert.That(hasher.FinishHex()).IsEqualTo(HelloGitSha1);
        await Assert.That(hasher.Expected).IsEqualTo(HelloGitSha1);
        await Assert.That(hasher.Algorithm).IsEqualTo("git-sha1");
    }

    [Test]
    public async Task FinishHex_EmptyRegularFile_IsGitEmptyBlob()
    {
        using var hasher = ContentHasher.For(new RepoFile("empty", 0, EmptyGitSha1, null));

        await Assert.That(hasher.FinishHex()).IsEqualTo(EmptyGitSha1);
    }

    [Test]
    public async Task FinishHex_LfsFile_IsSha256OfContent()
    {
        using var hasher = ContentHasher.For(HelloLfs);
        hasher.Append(Hello);

        await Assert.That(hasher.FinishHex()).IsEqualTo(HelloSha256);
        await Assert.That(hasher.Expected).IsEqualTo(HelloSha256);
        await Assert.That(hasher.Algorithm).IsEqualTo("sha256");
    }

    [Test]
    public async Task FinishHex_EmptyLfsFile_IsSha256OfNothing()
    {
        using var hasher = ContentHasher.For(new RepoFile("empty.bin", 0, PointerOid, EmptySha256));

        await Assert.That(hasher.FinishHex()).IsEqualTo(EmptySha256);
    }

    [Test]
    [Arguments(false)]
    [Arguments(true)]
    public async Task Append_InPieces_EqualsWhole(bool lfs)
    {
        using var hasher = ContentHasher.For(lfs ? HelloLfs : HelloRegular);
        hasher.Append(Hello.AsSpan(0, 1));
        hasher.Append(Hello.AsSpan(1, 0));
        hasher.Append(Hello.AsSpan(1, 6));
        hasher.Append(Hello.AsSpan(7));

        await Assert.That(hasher.FinishHex()).IsEqualTo(lfs ? HelloSha256 : HelloGitSha1);
    }

    [Test]
    [Arguments(false)]
    [Arguments(true)]
    public async Task Reset_AfterPartialAppend_StartsOver(bool lfs)
    {
        using var hasher = ContentHasher.For(lfs ? HelloLfs : HelloRegular);
        hasher.Append("garbage that was discarded"u8);
        hasher.Reset();
        hasher.Append(Hello);

        await Assert.That(hasher.FinishHex()).IsEqualTo(lfs ? HelloSha256 : HelloGitSha1);
    }

    [Test]
    [Arguments(false)]
    [Arguments(true)]
    public async Task FinishHex_CalledTwice_SecondRunHashesFreshContent(bool lfs)
    {
        using var hasher = ContentHasher.For(lfs ? HelloLfs : HelloRegular);
        hasher.Append("wrong bytes!!"u8);
        var first = hasher.FinishHex();
        hasher.Append(Hello);

        await Assert.That(first).IsNotEqualTo(hasher.Expected);
        await Assert.That(hasher.FinishHex()).IsEqualTo(hasher.Expected);
    }

    [Test]
    public async Task FinishHex_WrongContent_DiffersFromExpected()
    {
        using var hasher = ContentHasher.For(HelloRegular);
        hasher.Append("Hello, World?"u8);

        await Assert.That(hasher.FinishHex()).IsNotEqualTo(HelloGitSha1);
    }
}

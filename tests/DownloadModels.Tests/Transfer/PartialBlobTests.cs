using System.Text;
using DownloadModels.Repos;
using DownloadModels.Tests.Cache;
using DownloadModels.Transfer;

namespace DownloadModels.Tests.Transfer;

public sealed class PartialBlobTests
{
    private const string HelloGitSha1 = "b45ef6fec89518d314f546fd6c3025367b721684";
    private const string HelloSha256 = "dffd6021bb2bd5b0af676290809ec3a53191dd81c7f70a4b28688a362182986f";
    private const string PointerOid = "0123456789abcdef0123456789abcdef01234567";

    private static readonly byte[] Hello = Encoding.ASCII.GetBytes("Hello, World!");
    private static readonly RepoFile HelloRegular = new("hello.txt", Hello.Length, HelloGitSha1, null);
    private static readonly RepoFile HelloLfs = new("hello.bin", Hello.Length, PointerOid, HelloSha256);

    private static Task<PartialBlob> Open(string path, RepoFile file, FileProgress progress) =>
        PartialBlob.OpenAsync(path, file, progress, bufferSize: 4, CancellationToken.None);

    [Test]
    public async Task OpenAsync_NoPartial_CreatesEmptyFileAtZero()
    {
        using var temp = new TempFolder();
        var path = temp.Combine("blob.incomplete");
        var progress = new FileProgress("m", "p", Hello.Length);

        await using (var partial = await Open(path, HelloRegular, progress))
        {
            await Assert.That(partial.Position).IsEqualTo(0);
            await Assert.That(partial.IsComplete).IsFalse();
            await Assert.That(partial.Path).IsEqualTo(path);
        }

        await Assert.That(File.Exists(path)).IsTrue();
        await Assert.That(new FileInfo(path).Length).IsEqualTo(0);
        await Assert.That(progress.Done).IsEqualTo(0);
    }

    [Test]
    [Arguments(false)]
    [Arguments(true)]
    public async Task OpenAsync_ExistingPartial_HashesPrefixAndContinuesThere(bool lfs)
    {
        using var temp = new TempFolder();
        var path = temp.Combine("blob.incomplete");
        await File.WriteAllBytesAsync(path, Hello[..5]);
        var progress = new FileProgress("m", "p", Hello.Length);

        await using (var partial = await Open(path, lfs ? HelloLfs : HelloRegular, progress))
        {
            await Assert.That(partial.Position).IsEqualTo(5);
            await Assert.That(progress.Done).IsEqualTo(5);
            await Assert.That(progress.Fetched).IsEqualTo(0);

            await partial.AppendAsync(Hello.AsMemory(5), CancellationToken.None);

            await Assert.That(partial.IsComplete).IsTrue();
            await Assert.That(progress.Done).IsEqualTo(Hello.Length);
            await Assert.That(progress.Fetched).IsEqualTo(Hello.Length - 5);
            await Assert.That(partial.Hasher.FinishHex()).IsEqualTo(partial.Hasher.Expected);
        }

        await Assert.That(await File.ReadAllBytesAsync(path)).IsEquivalentTo(Hello);
    }

    [Test]
    public async Task OpenAsync_CompletePartial_IsComplete()
    {
        using var temp = new TempFolder();
        var path = temp.Combine("blob.incomplete");
        await File.WriteAllBytesAsync(path, Hello);

        await using var partial = await Open(path, HelloRegular, new FileProgress("m", "p", Hello.Length));

        await Assert.That(partial.IsComplete).IsTrue();
        await Assert.That(partial.Hasher.FinishHex()).IsEqualTo(HelloGitSha1);
    }

    [Test]
    public async Task OpenAsync_PartialLongerThanFile_TruncatedToZero()
    {
        using var temp = new TempFolder();
        var path = temp.Combine("blob.incomplete");
        await File.WriteAllBytesAsync(path, [.. Hello, .. Hello]);
        var progress = new FileProgress("m", "p", Hello.Length);
        progress.SetDone(99);

        await using (var partial = await Open(path, HelloRegular, progress))
        {
            await Assert.That(partial.Position).IsEqualTo(0);
            await Assert.That(progress.Done).IsEqualTo(0);

            await partial.AppendAsync(Hello, CancellationToken.None);

            await Assert.That(partial.Hasher.FinishHex()).IsEqualTo(HelloGitSha1);
        }

        await Assert.That(await File.ReadAllBytesAsync(path)).IsEquivalentTo(Hello);
    }

    [Test]
    public async Task Restart_AfterWrongBytes_TruncatesAndResetsHash()
    {
        using var temp = new TempFolder();
        var path = temp.Combine("blob.incomplete");
        var progress = new FileProgress("m", "p", Hello.Length);

        await using (var partial = await Open(path, HelloLfs, progress))
        {
            await partial.AppendAsync("Jello, World!"u8.ToArray(), CancellationToken.None);

            partial.Restart();

            await Assert.That(partial.Position).IsEqualTo(0);
            await Assert.That(new FileInfo(path).Length).IsEqualTo(0);
            await Assert.That(progress.Done).IsEqualTo(0);

            await partial.AppendAsync(Hello, CancellationToken.None);

            await Assert.That(partial.Hasher.FinishHex()).IsEqualTo(HelloSha256);
        }

        await Assert.That(await File.ReadAllBytesAsync(path)).IsEquivalentTo(Hello);
    }
}

using System.Security.Cryptography;
using System.Text;
using DownloadModels.Inspection;
using DownloadModels.Repos;
using DownloadModels.Tests.Cache;

namespace DownloadModels.Tests.Inspection;

public sealed class ContentCheckTests
{
    private static readonly byte[] Content = Encoding.ASCII.GetBytes("Hello, World!");

    private static RepoFile Lfs(byte[] content) => new("w.bin", content.Length, new string('0', 40), Convert.ToHexStringLower(SHA256.HashData(content)));

    private static RepoFile Git(byte[] content) =>
        new("a.txt", content.Length, Convert.ToHexStringLower(SHA1.HashData([.. Encoding.ASCII.GetBytes($"blob {content.Length}\0"), .. content])), null);

    [Test]
    public async Task Run_RightContent_OkForSha256AndGitSha1()
    {
        using var temp = new TempFolder();
        File.WriteAllBytes(temp.Combine("f"), Content);

        var lfs = await ContentCheck.RunAsync(temp.Combine("f"), Lfs(Content), CancellationToken.None);
        var git = await ContentCheck.RunAsync(temp.Combine("f"), Git(Content), CancellationToken.None);

        await Assert.That(lfs.State).IsEqualTo(ContentState.Ok);
        await Assert.That(git.State).IsEqualTo(ContentState.Ok);
        await Assert.That(git.BytesHashed).IsEqualTo(Content.Length);
    }

    [Test]
    public async Task Run_OneByteChanged_WrongHashNamesBoth()
    {
        using var temp = new TempFolder();
        File.WriteAllBytes(temp.Combine("f"), Encoding.ASCII.GetBytes("Hello, World?"));

        var check = await ContentCheck.RunAsync(temp.Combine("f"), Lfs(Content), CancellationToken.None);

        await Assert.That(check.State).IsEqualTo(ContentState.WrongHash);
        await Assert.That(check.Detail).Contains($"expected {Lfs(Content).LfsSha256}");
        await Assert.That(check.IsBad).IsTrue();
    }

    [Test]
    public async Task Run_WrongLength_WrongSizeWithoutReading()
    {
        using var temp = new TempFolder();
        File.WriteAllBytes(temp.Combine("f"), [1, 2, 3]);

        var check = await ContentCheck.RunAsync(temp.Combine("f"), Lfs(Content), CancellationToken.None);

        await Assert.That(check.State).IsEqualTo(ContentState.WrongSize);
        await Assert.That(check.BytesHashed).IsEqualTo(0);
    }

    [Test]
    public async Task Run_EmptyExpectedAndEmptyFile_OkForBothHashes()
    {
        using var temp = new TempFolder();
        File.WriteAllBytes(temp.Combine("f"), []);

        var lfs = await ContentCheck.RunAsync(temp.Combine("f"), Lfs([]), CancellationToken.None);
        var git = await ContentCheck.RunAsync(temp.Combine("f"), Git([]), CancellationToken.None);

        await Assert.That(lfs.State).IsEqualTo(ContentState.Ok);
        await Assert.That(git.State).IsEqualTo(ContentState.Ok);
    }

    [Test]
    public async Task Run_MissingFolderOrLink_NeverOk()
    {
        using var temp = new TempFolder();
        File.WriteAllBytes(temp.Combine("real"), Content);
        File.CreateSymbolicLink(temp.Combine("link"), temp.Combine("real"));
        Directory.CreateDirectory(temp.Combine("dir"));

        var missing = await ContentCheck.RunAsync(temp.Combine("none"), Lfs(Content), CancellationToken.None);
        var link = await ContentCheck.RunAsync(temp.Combine("link"), Lfs(Content), CancellationToken.None);
        var folder = await ContentCheck.RunAsync(temp.Combine("dir"), Lfs(Content), CancellationToken.None);

        await Assert.That(missing.State).IsEqualTo(ContentState.Missing);
        await Assert.That(missing.IsBad).IsFalse();
        await Assert.That(link.State).IsEqualTo(ContentState.NotAFile);
        await Assert.That(folder.Detail).IsEqualTo("is a folder, not a file");
    }

    [Test]
    public async Task Run_LargerThanBuffer_HashesEveryByte()
    {
        using var temp = new TempFolder();
        var big = new byte[1_000_003];
        new Random(7).NextBytes(big);
        File.WriteAllBytes(temp.Combine("f"), big);

        var check = await ContentCheck.RunAsync(temp.Combine("f"), Lfs(big), CancellationToken.None);

        await Assert.That(check.State).IsEqualTo(ContentState.Ok);
        await Assert.That(check.BytesHashed).IsEqualTo(big.Length);
    }
}

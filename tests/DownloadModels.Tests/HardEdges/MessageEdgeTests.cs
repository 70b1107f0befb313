using System.Formats.Tar;
using System.Text;
using DownloadModels.Manifest;
using DownloadModels.Tests.Bundle;
using DownloadModels.Tests.Cli;
using ZstdSharp;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.HardEdges;

/// <summary>Issue 25, defects 8 (manifest errors echo raw text) and 9 (wrong messages).</summary>
public sealed class MessageEdgeTests
{
    [Test]
    public async Task Manifest_UnknownKeyWithTerminalEscapes_ShownWithQuestionMarks()
    {
        // TOML's own escapes: the file is plain ASCII, the key it names holds ESC and BEL.
        var text = "[[model]]\nrepo = \"org/m\"\n\"\\u001b]0;pwned\\u0007\\u001b[2J\" = 1\n";

        var error = Assert.Throws<TomlFileException>(() => ManifestReader.Parse(text, "/p/download-models.toml"));

        await Assert.That(error.Message).DoesNotContain("\u001b");
        await Assert.That(error.Message).DoesNotContain("\u0007");
        await Assert.That(error.Message).Contains("unknown key '?]0;pwned??[2J'");
    }

    [Test]
    public async Task Manifest_HugeValue_MessageCut()
    {
        var text = "[[model]]\npreset = \"" + new string('v', 5 << 20) + "\"\n";

        var error = Assert.Throws<TomlFileException>(() => ManifestReader.Parse(text, "/p/download-models.toml"));

        await Assert.That(error.Message.Length).IsLessThan(4000);
        await Assert.That(error.Message).Contains("use one of").Because("the hint after the value is kept");
    }

    [Test]
    public async Task Unpack_EntryOfUnknownTarTypeZ_NamedByItsLetter()
    {
        var builder = new BundleBuilder();
        var blob = builder.Entry(builder.WeightsBlobName);
        builder.Entries.Remove(blob);
        var bundle = AppendRawEntry(builder.Build(), builder.WeightsBlobName, 'Z');

        await Refusal.AssertRefusedAsync(bundle, "is a tar entry of type 'Z'");
    }

    [Test]
    public async Task Unpack_ManifestOfValidJsonWithAWrongType_NotCalledInvalidJson()
    {
        var builder = new BundleBuilder { RawManifest = "{\"format\": \"one\", \"repos\": []}" };

        await Refusal.AssertRefusedAsync(builder.Build(), "manifest.json is valid JSON of the wrong shape");
    }

    [Test]
    public async Task Get_FlagAfterDoubleDash_NotSuggestedAsAFlag()
    {
        using var cli = new CliHarness("http://127.0.0.1:9");

        var result = await cli.RunAsync("get", "--", "--endpoint", "http://x");

        await Assert.That(result.ExitCode).IsEqualTo(2).Because(result.ToString());
        await Assert.That(result.StdErr).DoesNotContain("did you mean --endpoint").Because(result.ToString());
        await Assert.That(result.StdErr).Contains("after --").Because(result.ToString());
    }

    [Test]
    public async Task Pack_InterruptedWhileWritingTheBundle_SaysThePartialBundleIsDeleted()
    {
        await using var hub = await HubServer.StartAsync();
        hub.AddRepo("org/big").AddFile("w.bin", 40_000_000, lfs: true, seed: 11);
        using var cli = new CliHarness(hub.ApiUrl);
        var get = await cli.RunAsync("get", "org/big");
        await Assert.That(get.ExitCode).IsEqualTo(0).Because(get.ToString());
        var bundle = Path.Combine(cli.Root, "big.tar.zst");
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(700));

        var result = await cli.RunAsync(["pack", bundle, "org/big", "--offline", "--level", "19", "--threads", "0"], cts.Token);

        await Assert.That(result.ExitCode).IsEqualTo(130).Because(result.ToString());
        await Assert.That(result.StdErr).Contains("the partial bundle was deleted").Because(result.ToString());
        await Assert.That(result.StdErr).DoesNotContain("partial files are kept").Because(result.ToString());
        await Assert.That(Directory.GetFiles(cli.Root).Where(f => f.EndsWith(".partial", StringComparison.Ordinal))).IsEmpty();
    }

    /// <summary>The bundle with one raw tar header of <paramref name="type"/> (no data) added before its end.</summary>
    private static byte[] AppendRawEntry(byte[] bundle, string name, char type)
    {
        var tar = new MemoryStream();
        using (var zstd = new DecompressionStream(new MemoryStream(bundle)))
            zstd.CopyTo(tar);
        var bytes = tar.ToArray();
        var end = bytes.Length;
        while (end >= 512 && !bytes.AsSpan(end - 512, 512).ContainsAnyExcept((byte)0))
            end -= 512;
        var header = new byte[512];
        Encoding.ASCII.GetBytes(name).CopyTo(header, 0);
        Encoding.ASCII.GetBytes("0000644\0000000000\0000000000\0").CopyTo(header, 100);
        Encoding.ASCII.GetBytes("00000000000\0" + "00000000000\0").CopyTo(header, 124);
        header[156] = (byte)type;
        Encoding.ASCII.GetBytes("ustar\000").CopyTo(header, 257);
        Encoding.ASCII.GetBytes("        ").CopyTo(header, 148);
        Encoding.ASCII.GetBytes(Convert.ToString(header.Sum(b => b), 8).PadLeft(6, '0') + "\0 ").CopyTo(header, 148);
        return BundleBuilder.Compress([.. bytes.AsSpan(0, end), .. header, .. new byte[1024]]);
    }
}

using System.Formats.Tar;
using System.Text;
using DownloadModels.Tests.Cli;

namespace DownloadModels.Tests.Bundle;

/// <summary>
/// Bundles with one entry made to hurt (outside the layout, a link out of the repo, a device, a
/// duplicate, content that is not what the manifest says): refused, the target cache unchanged.
/// </summary>
public sealed class HostileEntryTests
{
    private const string Snapshots = $"{BundleBuilder.Folder}/snapshots/{BundleBuilder.Commit}";

    [Test]
    public async Task Unpack_ValidHandMadeBundle_Merges()
    {
        var builder = new BundleBuilder();
        using var cli = new CliHarness();

        var result = await Refusal.UnpackAsync(cli, builder.Build());

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        var weights = Path.Combine(cli.HubCache, Snapshots, "copy/w.bin");
        await Assert.That(new FileInfo(weights).LinkTarget).IsEqualTo($"../../../blobs/{builder.WeightsSha256}");
        await Assert.That(File.ReadAllText(Path.Combine(cli.HubCache, BundleBuilder.Folder, "refs/main"))).IsEqualTo(BundleBuilder.Commit);
    }

    [Test]
    [Arguments("/etc/evil", "not a safe path")]
    [Arguments("models--org--m/../../evil", "not a safe path")]
    [Arguments("../evil", "not a safe path")]
    [Arguments("models--org--m/evil.txt", "outside the cache layout")]
    [Arguments("models--org--other/blobs/0000000000000000000000000000000000000000", "outside the cache layout")]
    [Arguments($"{BundleBuilder.Folder}/snapshots/{BundleBuilder.Commit}/extra.json", "outside the cache layout")]
    public async Task Unpack_EntryNotInLayout_Refused(string name, string reason)
    {
        var builder = new BundleBuilder();
        builder.Entries.Insert(2, BundleBuilder.File(name, Encoding.UTF8.GetBytes("x")));

        await Refusal.AssertRefusedAsync(builder.Build(), reason);
    }

    [Test]
    [Arguments("../../../../../../etc/passwd")]
    [Arguments("/etc/passwd")]
    [Arguments("../../blobs/0000000000000000000000000000000000000000")]
    [Arguments("a.json")]
    public async Task Unpack_LinkNotToItsBlob_Refused(string target)
    {
        var builder = new BundleBuilder();
        builder.Replace($"{Snapshots}/a.json", new BundleEntry($"{Snapshots}/a.json", TarEntryType.SymbolicLink, null, target));

        await Refusal.AssertRefusedAsync(builder.Build(), "not to its blob");
    }

    [Test]
    [Arguments(TarEntryType.CharacterDevice)]
    [Arguments(TarEntryType.BlockDevice)]
    [Arguments(TarEntryType.Fifo)]
    [Arguments(TarEntryType.HardLink)]
    [Arguments(TarEntryType.Directory)]
    public async Task Unpack_SpecialEntryUnderABlobName_Refused(TarEntryType type)
    {
        var builder = new BundleBuilder();
        builder.Replace(builder.WeightsBlobName, new BundleEntry(builder.WeightsBlobName, type, null, type == TarEntryType.HardLink ? "/etc/passwd" : null));

        await Refusal.AssertRefusedAsync(builder.Build(), $"is a {type}");
    }

    [Test]
    public async Task Unpack_DuplicateEntry_Refused()
    {
        var builder = new BundleBuilder();
        builder.Entries.Add(builder.Entry(builder.WeightsBlobName));

        await Refusal.AssertRefusedAsync(builder.Build(), "appears twice");
    }

    [Test]
    public async Task Unpack_SecondManifest_Refused()
    {
        var builder = new BundleBuilder();
        builder.Entries.Add(BundleBuilder.File("manifest.json", Encoding.UTF8.GetBytes("{}")));

        await Refusal.AssertRefusedAsync(builder.Build(), "appears twice");
    }

    [Test]
    public async Task Unpack_BlobContentDiffersFromManifest_Refused()
    {
        var builder = new BundleBuilder();
        var data = builder.Entry(builder.WeightsBlobName).Data!.ToArray();
        data[^1] ^= 0xFF;
        builder.Replace(builder.WeightsBlobName, BundleBuilder.File(builder.WeightsBlobName, data));

        await Refusal.AssertRefusedAsync(builder.Build(), "does not match the manifest's sha256");
    }

    [Test]
    public async Task Unpack_BlobSizeDiffersFromManifest_Refused()
    {
        var builder = new BundleBuilder();
        builder.Replace(builder.WeightsBlobName, BundleBuilder.File(builder.WeightsBlobName, builder.Entry(builder.WeightsBlobName).Data![..100]));

        await Refusal.AssertRefusedAsync(builder.Build(), "manifest.json says 3000");
    }

    [Test]
    public async Task Unpack_GitFileContentDiffers_Refused()
    {
        var builder = new BundleBuilder();
        var name = builder.Entries.First(e => e.Name.Contains("/blobs/", StringComparison.Ordinal) && e.Data!.Length < 100).Name;
        var data = builder.Entry(name).Data!.ToArray();
        data[0] ^= 0x01;
        builder.Replace(name, BundleBuilder.File(name, data));

        await Refusal.AssertRefusedAsync(builder.Build(), "does not match the manifest's git-sha1");
    }

    [Test]
    public async Task Unpack_RefHoldsAnotherCommit_Refused()
    {
        var builder = new BundleBuilder();
        builder.Replace($"{BundleBuilder.Folder}/refs/main", BundleBuilder.File($"{BundleBuilder.Folder}/refs/main", Encoding.ASCII.GetBytes(new string('f', 40))));

        await Refusal.AssertRefusedAsync(builder.Build(), "does not hold the commit");
    }

    [Test]
    public async Task Unpack_TreeDisagreesWithManifest_Refused()
    {
        var builder = new BundleBuilder();
        var name = $"{BundleBuilder.Folder}/trees/{BundleBuilder.Commit}.json";
        builder.Replace(name, BundleBuilder.File(name, Encoding.UTF8.GetBytes("""{"format_version": 1, "files": {}}""")));

        await Refusal.AssertRefusedAsync(builder.Build(), "disagrees with manifest.json");
    }
}

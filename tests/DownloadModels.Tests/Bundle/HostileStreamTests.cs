using System.Text;
using DownloadModels.Tests.Cli;

namespace DownloadModels.Tests.Bundle;

/// <summary>
/// Bundles wrong as a whole (a bad manifest, missing entries, not zstd, cut short, data after the end, a
/// bad blob after valid ones were staged): refused, nothing half-merged, nothing created.
/// </summary>
public sealed class HostileStreamTests
{
    [Test]
    public async Task Unpack_EntryMissing_Refused()
    {
        var builder = new BundleBuilder();
        builder.Entries.Remove(builder.Entry($"{BundleBuilder.Folder}/snapshots/{BundleBuilder.Commit}/sub/b.json"));

        await Refusal.AssertRefusedAsync(builder.Build(), "ends without");
    }

    [Test]
    public async Task Unpack_ManifestNotFirst_RefusedExitOne()
    {
        var builder = new BundleBuilder { ManifestFirst = false };

        await Refusal.AssertRefusedAsync(builder.Build(), "does not start with manifest.json", exitCode: 1);
    }

    [Test]
    [Arguments("""{"format": 2, "repos": []}""", "bundle format 2")]
    [Arguments("""{"format": 1, "repos": [{"type": "model", "id": "../evil", "revision": "main", "commit": "0123456789abcdef0123456789abcdef01234567"}]}""", "not a valid repository id")]
    [Arguments("""{"format": 1, "repos": [{"type": "model", "id": "org/m", "revision": "../../x", "commit": "0123456789abcdef0123456789abcdef01234567"}]}""", "'..' path segment")]
    [Arguments("""{"format": 1, "repos": [{"type": "model", "id": "org/m", "revision": "main", "commit": "../x"}]}""", "not a 40-hex commit")]
    [Arguments("""{"format": 1, "repos": [{"type": "model", "id": "org/m", "revision": "main", "commit": "0123456789abcdef0123456789abcdef01234567", "files": [{"path": "../../../x", "size": 1, "lfs": false, "sha1": "0123456789abcdef0123456789abcdef01234567"}]}]}""", "unsafe path")]
    [Arguments("""{"format": 1, "repos": [{"type": "model", "id": "org/m", "revision": "main", "commit": "0123456789abcdef0123456789abcdef01234567", "files": [{"path": "/etc/passwd", "size": 1, "lfs": false, "sha1": "0123456789abcdef0123456789abcdef01234567"}]}]}""", "unsafe path")]
    [Arguments("""{"format": 1, "repos": [{"type": "model", "id": "org/m", "revision": "main", "commit": "0123456789abcdef0123456789abcdef01234567", "files": [{"path": "x", "size": 1, "lfs": false, "sha1": "../0123456789abcdef0123456789abcdef012345"}]}]}""", "git sha1 (40 hex)")]
    [Arguments("""{"format": 1, "repos": [{"type": "model", "id": "org/m", "revision": "main", "commit": "0123456789abcdef0123456789abcdef01234567"}, {"type": "model", "id": "org/m", "revision": "dev", "commit": "0123456789abcdef0123456789abcdef01234567"}]}""", "twice")]
    [Arguments("not json", "not valid JSON")]
    public async Task Unpack_BadManifest_RefusedExitOne(string manifest, string reason)
    {
        var builder = new BundleBuilder { RawManifest = manifest };

        await Refusal.AssertRefusedAsync(builder.Build(), reason, exitCode: 1);
    }

    [Test]
    [Arguments(0)]
    [Arguments(7)]
    public async Task Unpack_NotABundle_RefusedExitOne(int length)
    {
        var garbage = Encoding.ASCII.GetBytes("garbage").AsSpan(0, length).ToArray();

        await Refusal.AssertRefusedAsync(garbage, length == 0 ? "cut short" : "cannot be read", exitCode: 1);
    }

    [Test]
    [Arguments(0.5)]
    [Arguments(0.9)]
    [Arguments(0.99)]
    public async Task Unpack_CutShort_Refused(double keep)
    {
        var bundle = new BundleBuilder().Build();

        await Refusal.AssertRefusedAsync(bundle[..(int)(bundle.Length * keep)], "");
    }

    [Test]
    public async Task Unpack_DataAfterTheEnd_Refused()
    {
        var bundle = new BundleBuilder().Build();
        var extra = BundleBuilder.Compress(Encoding.ASCII.GetBytes(new string('x', 5000)));

        await Refusal.AssertRefusedAsync([.. bundle, .. extra], "data after its end");
    }

    [Test]
    public async Task Unpack_LastBlobBadAfterOthersStaged_CacheUnchanged()
    {
        // Two repos: the first is entirely valid and fully staged before the second's blob fails.
        var first = new BundleBuilder("org/first");
        var second = new BundleBuilder();
        var bad = second.Entry(second.WeightsBlobName).Data!.ToArray();
        bad[10] ^= 0x10;
        second.Replace(second.WeightsBlobName, BundleBuilder.File(second.WeightsBlobName, bad));
        second.Manifest = second.Manifest with { Repos = [.. first.Manifest.Repos!, .. second.Manifest.Repos!] };
        second.Entries.InsertRange(0, first.Entries);

        await Refusal.AssertRefusedAsync(second.Build(), "does not match", exitCode: 2);
    }

    [Test]
    public async Task Unpack_BadBundleIntoMissingCache_CreatesNothing()
    {
        var builder = new BundleBuilder();
        builder.Entries.Add(BundleBuilder.File("/etc/evil", [1]));
        using var cli = new CliHarness();

        var result = await Refusal.UnpackAsync(cli, builder.Build());

        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        await Assert.That(Directory.Exists(cli.HfHome)).IsFalse();
    }
}

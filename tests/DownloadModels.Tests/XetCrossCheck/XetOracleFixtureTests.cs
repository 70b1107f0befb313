using System.Security.Cryptography;
using DownloadModels.Tests.FakeHub.Xet;

namespace DownloadModels.Tests.XetCrossCheck;

using static XetStandardFixtures;

/// <summary>
/// What the JS uploader made of the standard inputs (tests/xet-oracle): the facts the fake CAS and the Xet client
/// rely on, checked on the oracle's output itself (hashes were already checked against xet-core's wasm by the script).
/// </summary>
[Category(TestCategory.Host)]
[ClassDataSource<XetFixtures>(Shared = SharedType.PerTestSession)]
public sealed class XetOracleFixtureTests(XetFixtures fixtures)
{
    [Test]
    public async Task Fixtures_EveryFile_TermsExpandToItsChunksAndSha256IsOfItsBytes()
    {
        foreach (var file in fixtures.Set.Files.Values)
        {
            await Assert.That(file.Sha256).IsEqualTo(Convert.ToHexStringLower(SHA256.HashData(file.Content)));
            await Assert.That(file.XetHash).Matches("^[0-9a-f]{64}$");
            await Assert.That(file.Chunks.Sum(c => (long)c.Length)).IsEqualTo(file.Size);
            await Assert.That(file.Terms.Sum(t => t.UnpackedLength)).IsEqualTo(file.Size);
            var expanded = file.Terms.SelectMany(t => fixtures.Set.Xorbs[t.Xorb].Chunks.Skip(t.Start).Take(t.End - t.Start)).Select(c => c.Hash);
            await Assert.That(string.Join(",", expanded)).IsEqualTo(string.Join(",", file.Chunks.Select(c => c.Hash)));
        }
    }

    [Test]
    public async Task Fixtures_SmallUpload_OneXorbWithAllThreeCompressionSchemes()
    {
        var xorbs = fixtures.Set.XorbsOf(fixtures.File(SmallRandom));
        var schemes = fixtures.Set.Xorbs.Values.Where(x => x.Upload == "small").SelectMany(x => x.Chunks).Select(c => c.Scheme).Distinct().Order();

        await Assert.That(xorbs.Count).IsEqualTo(1);
        await Assert.That(string.Join(",", schemes)).IsEqualTo("0,1,2");
        // The three files share the xorb, so two of them start past its first chunk.
        await Assert.That(fixtures.File(SmallFloats).Terms[0].Start).IsGreaterThan(0);
    }

    [Test]
    public async Task Fixtures_EmptyFile_NoTermsAndTheZeroHash()
    {
        var empty = fixtures.File(Empty);

        await Assert.That(empty.Terms.Count).IsEqualTo(0);
        await Assert.That(empty.XetHash).IsEqualTo(new string('0', 64));
    }

    [Test]
    public async Task Fixtures_ModelV2_TermsMixV1XorbAndANewOne()
    {
        var v1 = fixtures.File(ModelV1);
        var v2 = fixtures.File(ModelV2);
        var v1Xorbs = v1.Terms.Select(t => t.Xorb).ToHashSet(StringComparer.Ordinal);
        var reused = v2.Terms.Where(t => v1Xorbs.Contains(t.Xorb)).Sum(t => t.UnpackedLength);

        await Assert.That(v2.Terms.Select(t => fixtures.Set.Xorbs[t.Xorb].Upload).Distinct().Count()).IsGreaterThanOrEqualTo(2);
        await Assert.That(v2.Terms.Any(t => fixtures.Set.Xorbs[t.Xorb].Upload == "model-v2")).IsTrue();
        await Assert.That(reused).IsGreaterThan(v1.Size * 8 / 10);
        await Assert.That(v2.DedupRatio).IsGreaterThan(0.8);
        // Sibling, in another repo, shares most of v1's chunks too.
        var sibling = fixtures.File(Sibling);
        await Assert.That(sibling.Terms.Where(t => v1Xorbs.Contains(t.Xorb)).Sum(t => t.UnpackedLength)).IsGreaterThan(sibling.Size * 7 / 10);
    }

    [Test]
    public async Task Fixtures_LargeFiles_AboutAHundredChunksEachAndXetCoreCutsDifferently()
    {
        foreach (var id in new[] { LargeRandom, LargeFloats, LargeText })
        {
            var file = fixtures.File(id);
            // The JS chunker lacks xet-core's #487 guard (protocol doc §8): it cuts more, on smooth floats about twice as often.
            await Assert.That(file.Chunks.Count).IsBetween(60, 400);
            await Assert.That(file.Chunks.Count).IsGreaterThanOrEqualTo(file.XetCoreChunks.Count);
            await Assert.That(file.XetCoreChunks.Sum(c => (long)c.Length)).IsEqualTo(file.Size);
            await Assert.That(file.XetCoreChunkedFileHash).IsNotEqualTo(file.XetHash);
        }

        await Assert.That(fixtures.Set.HubVersion).IsEqualTo("2.17.5");
    }
}

using DownloadModels.Tests.FakeHub.Xet;
using DownloadModels.Tests.XetCrossCheck;
using DownloadModels.Xet;

namespace DownloadModels.Tests.Xet;

/// <summary>
/// The pure pieces of the Xet client against what @huggingface/hub's createXorbs and xet-core's wasm made
/// (tests/xet-oracle): chunk hashes and their string form, merkle grouping (xorb hashes, file hashes), chunk
/// headers and the three compression schemes.
/// </summary>
[Category(TestCategory.Host)]
[ClassDataSource<XetFixtures>(Shared = SharedType.PerTestSession)]
public sealed class XetCodecTests(XetFixtures fixtures)
{
    [Test]
    public async Task ChunkHash_EveryChunkOfEveryFile_IsTheOraclesHashString()
    {
        var checkedChunks = 0;
        foreach (var file in fixtures.Set.Files.Values)
        {
            foreach (var chunk in file.Chunks)
            {
                var hash = new byte[32];
                XetHashes.ChunkHash(file.Content.AsSpan((int)chunk.Offset, chunk.Length), hash);
                await Assert.That(XetHashes.ToText(hash)).IsEqualTo(chunk.Hash);
                checkedChunks++;
            }
        }

        await Assert.That(checkedChunks).IsGreaterThan(300);
    }

    [Test]
    public async Task FileHash_EveryFile_IsItsXetHash()
    {
        foreach (var file in fixtures.Set.Files.Values)
        {
            var digests = file.Chunks.Select(c => new ChunkDigest(XetHashes.TryParse(c.Hash)!, c.Length)).ToList();
            await Assert.That(XetHashes.FileHash(digests)).IsEqualTo(file.XetHash);
        }
    }

    [Test]
    public async Task MerkleRoot_EveryXorb_IsTheXorbHash()
    {
        foreach (var xorb in fixtures.Set.Xorbs.Values)
        {
            var digests = xorb.Chunks.Select(c => new ChunkDigest(XetHashes.TryParse(c.Hash)!, c.UnpackedLength)).ToList();
            await Assert.That(XetHashes.ToText(XetHashes.MerkleRoot(digests))).IsEqualTo(xorb.Hash);
        }
    }

    [Test]
    public async Task HashText_RoundTrip_ReversesBytesWithinEachGroupOfEight()
    {
        var text = fixtures.File(XetStandardFixtures.LargeText).XetHash;
        var bytes = XetHashes.TryParse(text)!;

        await Assert.That(XetHashes.ToText(bytes)).IsEqualTo(text);
        // The first printed byte is the last of the first group of eight.
        await Assert.That(Convert.ToHexStringLower(bytes[7..8])).IsEqualTo(text[..2]);
        await Assert.That(XetHashes.TryParse(text[..63] + "g")).IsNull();
        await Assert.That(XetHashes.TryParse(text[..62])).IsNull();
    }

    [Test]
    public async Task Decode_EveryChunkOfEveryXorb_GivesBytesWithTheChunksHash()
    {
        var decoder = new ChunkDecoder();
        var schemes = new HashSet<ChunkScheme>();
        foreach (var xorb in fixtures.Set.Xorbs.Values)
        {
            var at = 0;
            foreach (var expected in xorb.Chunks)
            {
                await Assert.That((long)at).IsEqualTo(expected.Offset);
                var header = ChunkHeader.Parse(xorb.Bytes.AsSpan(at, ChunkHeader.Size));
                var output = new byte[header.UncompressedLength];
                decoder.Decode(header, xorb.Bytes.AsSpan(at + ChunkHeader.Size, header.CompressedLength), output);
                var hash = new byte[32];
                XetHashes.ChunkHash(output, hash);

                await Assert.That((int)header.Scheme).IsEqualTo(expected.Scheme);
                await Assert.That(header.UncompressedLength).IsEqualTo(expected.UnpackedLength);
                await Assert.That(XetHashes.ToText(hash)).IsEqualTo(expected.Hash);
                schemes.Add(header.Scheme);
                at += ChunkHeader.Size + header.CompressedLength;
            }

            await Assert.That((long)at).IsEqualTo(xorb.Bytes.LongLength);
        }

        await Assert.That(schemes.Count).IsEqualTo(3);
    }

    [Test]
    public async Task ChunkHeader_AnythingTheProtocolDoesNotAllow_IsRefused()
    {
        static byte[] Header(byte version, int compressed, byte scheme, int uncompressed) =>
            [version, (byte)compressed, (byte)(compressed >> 8), (byte)(compressed >> 16), scheme, (byte)uncompressed, (byte)(uncompressed >> 8), (byte)(uncompressed >> 16)];

        await Assert.That(ChunkHeader.Parse(Header(0, 100, 1, 4000))).IsEqualTo(new ChunkHeader(100, ChunkScheme.Lz4, 4000));
        await Assert.That(() => ChunkHeader.Parse(Header(1, 100, 1, 4000))).Throws<XetDataException>();
        await Assert.That(() => ChunkHeader.Parse(Header(0, 100, 3, 4000))).Throws<XetDataException>();
        await Assert.That(() => ChunkHeader.Parse(Header(0, 100, 1, 128 * 1024 + 1))).Throws<XetDataException>();
        await Assert.That(() => ChunkHeader.Parse(Header(0, 100, 0, 99))).Throws<XetDataException>();
    }

    [Test]
    public async Task Decode_AFrameThatLiesAboutItsLength_IsRefused()
    {
        var chunk = fixtures.Set.Xorbs.Values.SelectMany(x => x.Chunks.Select(c => (x, c))).First(p => p.c.Scheme == 1);
        var header = ChunkHeader.Parse(chunk.x.Bytes.AsSpan((int)chunk.c.Offset, ChunkHeader.Size));
        var stored = chunk.x.Bytes.AsSpan((int)chunk.c.Offset + ChunkHeader.Size, header.CompressedLength).ToArray();
        var shorter = header with { UncompressedLength = header.UncompressedLength - 1 };
        var corrupt = (byte[])stored.Clone();
        corrupt[^3] ^= 0xFF;

        await Assert.That(() => new ChunkDecoder().Decode(shorter, stored, new byte[shorter.UncompressedLength])).Throws<XetDataException>();
        await Assert.That(() => new ChunkDecoder().Decode(header, stored.AsSpan()[..^4], new byte[header.UncompressedLength])).Throws<ArgumentException>();
        await Assert.That(() => DecodeOrDiffer(header, corrupt, stored)).IsTrue();
    }

    /// <summary>A flipped byte either fails to decode or decodes to other bytes: never silently to the same ones.</summary>
    private static bool DecodeOrDiffer(ChunkHeader header, byte[] corrupt, byte[] original)
    {
        var good = new byte[header.UncompressedLength];
        new ChunkDecoder().Decode(header, original, good);
        try
        {
            var bad = new byte[header.UncompressedLength];
            new ChunkDecoder().Decode(header, corrupt, bad);
            return !bad.AsSpan().SequenceEqual(good);
        }
        catch (XetDataException)
        {
            return true;
        }
    }
}

/// <summary>The Xet sidecar is one of the partial kinds Cache/ knows, so list, prune and rm treat it with its partial.</summary>
public sealed class XetSidecarLayoutTests
{
    [Test]
    public async Task XetSidecar_IsAPartialSidecarOfItsBlob()
    {
        var etag = new string('a', 64);
        var match = DownloadModels.Cache.PartialKinds.Match(etag + DownloadModels.Cache.PartialKinds.Incomplete + DownloadModels.Xet.XetState.Suffix);

        await Assert.That(match).IsNotNull();
        await Assert.That(match!.Value.Etag).IsEqualTo(etag);
        await Assert.That(match.Value.Kind.Role).IsEqualTo(DownloadModels.Cache.PartialRole.Sidecar);
    }
}

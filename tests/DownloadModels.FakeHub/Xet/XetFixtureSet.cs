using System.Text.Json.Nodes;

namespace DownloadModels.Tests.FakeHub.Xet;

/// <summary>
/// What one oracle build produced: every file by id and every xorb by hash (xorbs of all uploads of the build).
/// <see cref="Folder"/> holds <c>manifest.json</c> (the oracle's own output) and <c>xorbs/{hash}</c>.
/// </summary>
public sealed class XetFixtureSet
{
    private XetFixtureSet(string folder, IReadOnlyDictionary<string, XetFixtureFile> files, IReadOnlyDictionary<string, XetXorb> xorbs, string hubVersion, string xetCoreCommit)
    {
        Folder = folder;
        Files = files;
        Xorbs = xorbs;
        HubVersion = hubVersion;
        XetCoreCommit = xetCoreCommit;
    }

    public string Folder { get; }

    public IReadOnlyDictionary<string, XetFixtureFile> Files { get; }

    public IReadOnlyDictionary<string, XetXorb> Xorbs { get; }

    /// <summary>The <c>@huggingface/hub</c> version that made the fixtures.</summary>
    public string HubVersion { get; }

    /// <summary>The xet-core commit of the wasm that checked the hashes.</summary>
    public string XetCoreCommit { get; }

    public XetFixtureFile File(string id) =>
        Files.TryGetValue(id, out var file) ? file : throw new KeyNotFoundException($"No Xet fixture '{id}'.");

    /// <summary>The xorbs a file's terms name, each once.</summary>
    public IReadOnlyList<XetXorb> XorbsOf(XetFixtureFile file) => [.. file.Terms.Select(t => t.Xorb).Distinct(StringComparer.Ordinal).Select(h => Xorbs[h])];

    /// <summary>
    /// The xorb bytes a download of the whole file needs: for each xorb, the union of its terms' chunk ranges
    /// (a chunk used twice is fetched once), as the reconstruction's fetch ranges cover them.
    /// </summary>
    public long XorbBytesNeeded(XetFixtureFile file) =>
        file.Terms.GroupBy(t => t.Xorb, StringComparer.Ordinal).Sum(g =>
        {
            var xorb = Xorbs[g.Key];
            var used = new bool[xorb.Chunks.Count];
            foreach (var term in g)
            {
                for (var i = term.Start; i < term.End; i++)
                {
                    used[i] = true;
                }
            }

            return xorb.Chunks.Where((_, i) => used[i]).Sum(c => (long)c.PackedLength);
        });

    internal static XetFixtureSet Load(string folder, IReadOnlyList<XetUpload> uploads)
    {
        var manifest = JsonNode.Parse(System.IO.File.ReadAllText(Path.Combine(folder, "manifest.json")))!;
        var xorbs = new Dictionary<string, XetXorb>(StringComparer.Ordinal);
        foreach (var x in manifest["xorbs"]!.AsArray())
        {
            var hash = x!["hash"]!.GetValue<string>();
            var chunks = x["chunks"]!.AsArray().Select(c => new XetXorbChunk(
                c!["hash"]!.GetValue<string>(), c["unpackedLength"]!.GetValue<int>(), c["offset"]!.GetValue<long>(),
                c["packedLength"]!.GetValue<int>(), c["scheme"]!.GetValue<int>())).ToArray();
            xorbs[hash] = new XetXorb(hash, x["upload"]!.GetValue<string>(), System.IO.File.ReadAllBytes(Path.Combine(folder, "xorbs", hash)), chunks);
        }

        var contents = uploads.SelectMany(u => u.Files).ToDictionary(f => f.Id, f => f.Content, StringComparer.Ordinal);
        var files = new Dictionary<string, XetFixtureFile>(StringComparer.Ordinal);
        foreach (var f in manifest["files"]!.AsArray())
        {
            var id = f!["id"]!.GetValue<string>();
            files[id] = new XetFixtureFile(
                id,
                f["upload"]!.GetValue<string>(),
                contents[id],
                f["sha256"]!.GetValue<string>(),
                f["xetHash"]!.GetValue<string>(),
                f["dedupRatio"]!.GetValue<double>(),
                [.. f["terms"]!.AsArray().Select(t => new XetTerm(t!["xorb"]!.GetValue<string>(), t["start"]!.GetValue<int>(), t["end"]!.GetValue<int>(), t["unpackedLength"]!.GetValue<long>()))],
                Chunks(f["chunks"]!),
                Chunks(f["xetCoreChunks"]!),
                f["xetCoreChunkedFileHash"]!.GetValue<string>());
        }

        var tool = manifest["tool"]!;
        return new XetFixtureSet(folder, files, xorbs, tool["hub"]!.GetValue<string>(), tool["xetCoreCommit"]!.GetValue<string>());
    }

    private static XetChunk[] Chunks(JsonNode list) =>
        [.. list.AsArray().Select(c => new XetChunk(c!["hash"]!.GetValue<string>(), c["offset"]!.GetValue<long>(), c["length"]!.GetValue<int>()))];
}

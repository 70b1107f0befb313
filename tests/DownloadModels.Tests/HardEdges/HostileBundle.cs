using System.Formats.Tar;
using System.Text;
using System.Text.Json;
using DownloadModels.Bundle;
using ZstdSharp;

namespace DownloadModels.Tests.HardEdges;

/// <summary>
/// Bundles made to exhaust memory or disk while staying tiny: written straight to a file through zstd, so
/// the test itself never holds the gigabytes they expand to.
/// </summary>
internal static class HostileBundle
{
    public const string Commit = "0123456789abcdef0123456789abcdef01234567";

    /// <summary>
    /// <paramref name="repos"/> repos without files, each with a saved tree of <paramref name="treeBytes"/>:
    /// a valid huggingface_hub tree padded with spaces (valid JSON, valid bundle).
    /// </summary>
    public static void WriteManyTrees(string path, int repos, int treeBytes)
    {
        var dtos = Enumerable.Range(0, repos).Select(i => new ManifestRepoDto("model", $"org/m{i}", Commit, Commit, [], [], true)).ToList();
        using var file = File.Create(path);
        using var zstd = new CompressionStream(file, 1);
        using var tar = new TarWriter(zstd, TarEntryFormat.Pax, leaveOpen: true);
        Write(tar, BundleFormat.ManifestName, new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(new ManifestDto(BundleFormat.Version, "test", DateTimeOffset.UnixEpoch, dtos), BundleJsonContext.Default.ManifestDto)));
        for (var i = 0; i < repos; i++)
            Write(tar, $"models--org--m{i}/trees/{Commit}.json", new PaddedTree(treeBytes));
    }

    /// <summary>A GNU long-name entry (type L) of <paramref name="nameBytes"/> before anything else.</summary>
    public static void WriteLongNameFirst(string path, long nameBytes)
    {
        using var file = File.Create(path);
        using var zstd = new CompressionStream(file, 1);
        zstd.Write(Header("././@LongLink", 'L', Octal(nameBytes)));
        var chunk = Encoding.ASCII.GetBytes(new string('a', 1 << 16));
        for (long left = nameBytes; left > 0; left -= chunk.Length)
            zstd.Write(chunk, 0, (int)Math.Min(chunk.Length, left));
        zstd.Write(new byte[(512 - (int)(nameBytes % 512)) % 512]);
        zstd.Write(Header("manifest.json", '0', Octal(2)));
        zstd.Write(Encoding.ASCII.GetBytes("{}").Concat(new byte[510]).ToArray());
        zstd.Write(new byte[1024]);
    }

    /// <summary>One tar header of <paramref name="type"/> whose size field is <paramref name="sizeField"/> (12 bytes), and nothing after it.</summary>
    public static byte[] MetadataHeaderOnly(char type, string sizeField)
    {
        var tar = new MemoryStream();
        tar.Write(Header("././@LongLink", type, sizeField));
        tar.Write(new byte[1024]);
        var output = new MemoryStream();
        using (var zstd = new CompressionStream(output, 1, leaveOpen: true))
            zstd.Write(tar.ToArray());
        return output.ToArray();
    }

    private static string Octal(long value) => Convert.ToString(value, 8).PadLeft(11, '0') + "\0";

    private static byte[] Header(string name, char type, string sizeField)
    {
        var header = new byte[512];
        Encoding.ASCII.GetBytes(name).CopyTo(header, 0);
        Encoding.ASCII.GetBytes("0000644\0").CopyTo(header, 100);
        Encoding.ASCII.GetBytes("0000000\0").CopyTo(header, 108);
        Encoding.ASCII.GetBytes("0000000\0").CopyTo(header, 116);
        Encoding.ASCII.GetBytes(sizeField).CopyTo(header, 124);
        Encoding.ASCII.GetBytes("00000000000\0").CopyTo(header, 136);
        header[156] = (byte)type;
        Encoding.ASCII.GetBytes("ustar  \0").CopyTo(header, 257);
        Encoding.ASCII.GetBytes("        ").CopyTo(header, 148);
        var sum = header.Sum(b => b);
        Encoding.ASCII.GetBytes(Convert.ToString(sum, 8).PadLeft(6, '0') + "\0 ").CopyTo(header, 148);
        return header;
    }

    private static void Write(TarWriter tar, string name, Stream data)
    {
        var entry = new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = data, ModificationTime = DateTimeOffset.UnixEpoch };
        tar.WriteEntry(entry);
    }

    /// <summary>A current-format saved tree with no files, padded with spaces to <c>length</c> bytes, produced as it is read.</summary>
    private sealed class PaddedTree(long length) : Stream
    {
        private static readonly byte[] Json = Encoding.ASCII.GetBytes("{\"format_version\": 1, \"files\": {}}");
        private long _position;

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - _position);
            for (var i = 0; i < n; i++)
            {
                var at = _position + i;
                buffer[offset + i] = at < Json.Length ? Json[at] : (byte)' ';
            }

            _position += n;
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => _position; set => _position = value; }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => _position = origin switch { SeekOrigin.Begin => offset, SeekOrigin.Current => _position + offset, _ => length + offset };
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

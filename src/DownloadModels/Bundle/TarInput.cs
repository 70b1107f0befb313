using System.Formats.Tar;
using DownloadModels.Errors;
using ZstdSharp;

namespace DownloadModels.Bundle;

/// <summary>
/// Reading the decompressed tar: whatever the tar or zstd layers throw on damaged, cut or foreign input
/// becomes one <see cref="BundleException"/>, so a bad bundle is always "refused", never a crash.
/// </summary>
internal static class TarInput
{
    public static async Task<byte[]> ReadSmallAsync(TarEntry entry, CancellationToken ct)
    {
        var bytes = new byte[entry.Length];
        await ReadIntoAsync(entry, bytes, ct);
        return bytes;
    }

    /// <summary>The entry's data into the start of <paramref name="buffer"/> (at least its length): a large one reuses one buffer.</summary>
    public static async Task<ReadOnlyMemory<byte>> ReadIntoAsync(TarEntry entry, byte[] buffer, CancellationToken ct)
    {
        var length = (int)entry.Length;
        for (var done = 0; done < length;)
        {
            var read = await ReadAsync(entry.DataStream!, buffer.AsMemory(done, length - done), ct);
            if (read == 0)
                throw new BundleException($"the bundle ends inside {entry.Name}: it was cut short");
            done += read;
        }

        return buffer.AsMemory(0, length);
    }

    public static async Task<TarEntry?> NextAsync(TarReader tar, CancellationToken ct)
    {
        try
        {
            return await tar.GetNextEntryAsync(copyData: false, ct);
        }
        catch (Exception e) when (IsReadFailure(e))
        {
            throw Damaged(e);
        }
    }

    public static async ValueTask<int> ReadAsync(Stream data, Memory<byte> buffer, CancellationToken ct)
    {
        try
        {
            return await data.ReadAsync(buffer, ct);
        }
        catch (Exception e) when (IsReadFailure(e))
        {
            throw Damaged(e);
        }
    }

    private static bool IsReadFailure(Exception e) =>
        e is InvalidDataException or ZstdException or FormatException or IOException or ArgumentException or OverflowException or NotSupportedException or InvalidOperationException;

    private static BundleException Damaged(Exception e) =>
        new(e is EndOfStreamException ? "the bundle was cut short" : $"the bundle cannot be read: {Reason(e)} (damaged, cut short, or not a download-models bundle)");

    /// <summary>zstd's own words (its library's, not a runtime resource key); the rest from the exception's type.</summary>
    private static string Reason(Exception e) => e switch
    {
        ZstdException => $"not zstd data the decompressor accepts ({e.Message.TrimEnd('.')})",
        InvalidDataException or FormatException or ArgumentException or OverflowException or NotSupportedException or InvalidOperationException => "not a valid tar stream",
        _ => SystemErrors.Describe(e),
    };
}

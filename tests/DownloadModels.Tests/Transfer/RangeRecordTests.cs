using DownloadModels.Tests.Settings;
using DownloadModels.Transfer;

namespace DownloadModels.Tests.Transfer;

/// <summary>The <c>.incomplete.chunks</c> sidecar: written byte ranges, whatever the chunk layout that wrote them.</summary>
public sealed class RangeRecordTests
{
    private const long MiB = 1024 * 1024;
    private const long Size = 40 * MiB + 123;

    [Test]
    public async Task SaveThenTryLoad_SplitRanges_SameRanges()
    {
        using var dir = new TempFolder();
        var state = new RangeRecord(Path.Combine(dir.Path, "w.incomplete.chunks"), Size);
        ByteRange[] written = [new(0, 65_536), new(8 * MiB + 32_768, 16 * MiB), new(20 * MiB, Size)];

        state.Save(written);

        await Assert.That(File.ReadAllText(Path.Combine(dir.Path, "w.incomplete.chunks"))).IsEqualTo(
            $"download-models chunks v2\nsize {Size}\nwritten 0-65536,{8 * MiB + 32_768}-{16 * MiB},{20 * MiB}-{Size}\n");
        await Assert.That(new RangeRecord(Path.Combine(dir.Path, "w.incomplete.chunks"), Size).TryLoad()).IsEquivalentTo(written);
    }

    [Test]
    public async Task Save_AfterAKillLeftAHalfWrittenCopy_ReusesItsNameAndDeleteForRemovesBoth()
    {
        using var dir = new TempFolder();
        var partial = Path.Combine(dir.Path, "w.incomplete");
        var sidecar = RangeRecord.PathFor(partial);
        File.WriteAllText(RangeRecord.TempPathFor(sidecar), "download-models chunks v2\nsize"); // what a kill -9 mid-write leaves

        new RangeRecord(sidecar, Size).Save([new ByteRange(0, MiB)]);

        await Assert.That(Directory.GetFiles(dir.Path).Select(f => Path.GetFileName(f)!).ToArray()).IsEquivalentTo(["w.incomplete.chunks"]);
        RangeRecord.DeleteFor(partial);
        await Assert.That(Directory.GetFiles(dir.Path)).IsEmpty();
    }

    [Test]
    public async Task TryLoad_V1SidecarOfAnEarlierVersion_ReadAsRanges()
    {
        using var dir = new TempFolder();
        File.WriteAllText(Path.Combine(dir.Path, "s"), $"download-models chunks v1\nsize {Size}\nchunk {MiB}\ndone 0,1,5\nreached 3:{3 * MiB + 10},7:{7 * MiB + 500}\n");

        var written = new RangeRecord(Path.Combine(dir.Path, "s"), Size).TryLoad();

        await Assert.That(written).IsEquivalentTo(new ByteRange[] { new(0, 2 * MiB), new(3 * MiB, 3 * MiB + 10), new(5 * MiB, 6 * MiB), new(7 * MiB, 7 * MiB + 500) });
    }

    [Test]
    [Arguments("written 0-10,x-5,7-3,5-99999999999999,-1-4,,20-30")]
    [Arguments("written 0-10,20-30,25-28,")]
    public async Task TryLoad_MalformedOrOutOfBoundsEntries_LeftOutTheRestKept(string line)
    {
        using var dir = new TempFolder();
        File.WriteAllText(Path.Combine(dir.Path, "s"), $"download-models chunks v2\nsize {Size}\n{line}\n");

        var written = new RangeRecord(Path.Combine(dir.Path, "s"), Size).TryLoad();

        await Assert.That(written).IsEquivalentTo(new ByteRange[] { new(0, 10), new(20, 30) });
    }

    [Test]
    [Arguments("download-models chunks v2\nsize 5\nwritten 0-5\n")]
    [Arguments("download-models chunks v9\nsize {size}\nwritten 0-5\n")]
    [Arguments("garbage")]
    public async Task TryLoad_OtherSizeOrUnknownFormat_Null(string text)
    {
        using var dir = new TempFolder();
        File.WriteAllText(Path.Combine(dir.Path, "s"), text.Replace("{size}", Size.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));

        await Assert.That(new RangeRecord(Path.Combine(dir.Path, "s"), Size).TryLoad()).IsNull();
    }

    [Test]
    public async Task ContiguousPrefix_HoleAfterTheStart_EndsAtTheHole()
    {
        await Assert.That(ByteRange.ContiguousPrefix([new(0, 100), new(200, 300)])).IsEqualTo(100);
        await Assert.That(ByteRange.ContiguousPrefix([new(1, 100)])).IsEqualTo(0);
        await Assert.That(ByteRange.ContiguousPrefix([])).IsEqualTo(0);
    }
}

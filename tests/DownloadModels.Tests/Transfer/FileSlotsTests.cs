using DownloadModels.Engine;
using DownloadModels.Hub;
using DownloadModels.Transfer;

namespace DownloadModels.Tests.Transfer;

/// <summary>Files in flight by size: --jobs large files, twice --max-connections small ones (the concurrency the transfer layer is fed with).</summary>
public sealed class FileSlotsTests
{
    private const long MiB = 1024 * 1024;
    private static readonly TransferSettings Settings = new(RetryPolicy.Default, ConnectionsPerFile: 8, RangeSize: 32 * MiB, MaxConnections: 16);

    [Test]
    public async Task EnterAsync_SmallFiles_TwiceMaxConnectionsAtOnceThenWait()
    {
        using var slots = new FileSlots(jobs: 8, Settings);

        var admitted = new List<FileSlot>();
        for (var i = 0; i < 32; i++)
            admitted.Add(await slots.EnterAsync(20_000, CancellationToken.None));
        var next = slots.EnterAsync(20_000, CancellationToken.None);
        var waitedForOne = !next.IsCompleted;
        admitted[0].Dispose();

        await Assert.That(waitedForOne).IsTrue();
        await Assert.That(await next.WaitAsync(TimeSpan.FromSeconds(5))).IsNotNull();
    }

    [Test]
    public async Task EnterAsync_LargeFiles_JobsAtOnceWhileSmallFilesStillGetIn()
    {
        using var slots = new FileSlots(jobs: 2, Settings);

        var first = await slots.EnterAsync(100 * MiB, CancellationToken.None);
        await slots.EnterAsync(100 * MiB, CancellationToken.None);
        var third = slots.EnterAsync(100 * MiB, CancellationToken.None);
        var small = slots.EnterAsync(1_000, CancellationToken.None);

        await Assert.That(third.IsCompleted).IsFalse();
        await Assert.That(small.IsCompleted).IsTrue();
        first.Dispose();
        await Assert.That(await third.WaitAsync(TimeSpan.FromSeconds(5))).IsNotNull();
    }

    [Test]
    public async Task EnterAsync_OneConnectionPerFile_LargeFilesStillJobsBound()
    {
        using var slots = new FileSlots(jobs: 1, Settings with { ConnectionsPerFile = 1 });

        await slots.EnterAsync(100 * MiB, CancellationToken.None);
        var second = slots.EnterAsync(100 * MiB, CancellationToken.None);

        await Assert.That(second.IsCompleted).IsFalse();
    }

    [Test]
    public async Task SmallFilesInFlight_HugeConnectionCap_BoundedByOpenFiles()
    {
        await Assert.That(FileSlots.SmallFilesInFlight(Settings)).IsEqualTo(32);
        await Assert.That(FileSlots.SmallFilesInFlight(Settings with { MaxConnections = 256 })).IsEqualTo(FileSlots.MaxSmallFilesInFlight);
    }
}

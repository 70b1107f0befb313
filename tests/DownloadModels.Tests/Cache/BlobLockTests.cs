using DownloadModels.Cache;

namespace DownloadModels.Tests.Cache;

public sealed class BlobLockTests
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(25);

    [Test]
    public async Task AcquireAsync_NoFolder_CreatesFolderAndLockFile()
    {
        using var temp = new TempFolder();
        var path = temp.Combine(".locks", "models--org--name", "e.lock");
        var waits = 0;

        using (await BlobLock.AcquireAsync(path, Poll, () => waits++, CancellationToken.None))
            await Assert.That(File.Exists(path)).IsTrue();

        await Assert.That(waits).IsEqualTo(0);
    }

    [Test]
    public async Task AcquireAsync_HeldElsewhere_WaitsUntilDisposed()
    {
        using var temp = new TempFolder();
        var path = temp.Combine(".locks", "models--org--name", "e.lock");
        var waits = 0;
        var first = await BlobLock.AcquireAsync(path, Poll, () => { }, CancellationToken.None);
        Task<BlobLock> second;
        try
        {
            second = BlobLock.AcquireAsync(path, Poll, () => Interlocked.Increment(ref waits), CancellationToken.None);
            await Task.Delay(300);

            await Assert.That(second.IsCompleted).IsFalse();
            await Assert.That(Volatile.Read(ref waits)).IsEqualTo(1);
        }
        finally
        {
            first.Dispose();
        }

        using var acquired = await second.WaitAsync(TimeSpan.FromSeconds(5));
        await Assert.That(Volatile.Read(ref waits)).IsEqualTo(1);
    }

    [Test]
    public async Task AcquireAsync_Released_CanBeTakenAgainAtOnce()
    {
        using var temp = new TempFolder();
        var path = temp.Combine("e.lock");
        var waits = 0;

        (await BlobLock.AcquireAsync(path, Poll, () => waits++, CancellationToken.None)).Dispose();
        (await BlobLock.AcquireAsync(path, Poll, () => waits++, CancellationToken.None)).Dispose();

        await Assert.That(waits).IsEqualTo(0);
    }

    [Test]
    public async Task AcquireAsync_CancelledWhileWaiting_Throws()
    {
        using var temp = new TempFolder();
        var path = temp.Combine("e.lock");
        using var first = await BlobLock.AcquireAsync(path, Poll, () => { }, CancellationToken.None);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.That(async () => { using var _ = await BlobLock.AcquireAsync(path, Poll, () => { }, cts.Token); }).Throws<OperationCanceledException>();
    }
}

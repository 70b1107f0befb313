namespace DownloadModels.Bundle;

/// <summary>
/// Passes writes through and counts them (the compressed size of a bundle written to a pipe). After
/// <see cref="Discard"/> it drops everything: a pack that failed must not be closed like a complete bundle.
/// </summary>
internal sealed class CountingWriteStream(Stream inner) : Stream
{
    private bool _discarding;

    public long Written { get; private set; }

    public void Discard() => _discarding = true;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => Written;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (_discarding)
            return;
        inner.Write(buffer);
        Written += buffer.Length;
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_discarding)
            return;
        await inner.WriteAsync(buffer, cancellationToken);
        Written += buffer.Length;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
        if (!_discarding)
            inner.Flush();
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => _discarding ? Task.CompletedTask : inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}

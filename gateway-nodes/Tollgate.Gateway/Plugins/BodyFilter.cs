namespace Tollgate.Gateway.Plugins;

/// <summary>
/// A stream a plugin puts in front of the client's response body (Kong's body_filter). The upstream body is written
/// into it; <see cref="Complete"/> runs once the whole body has passed, and decides what the client finally gets.
/// </summary>
public abstract class BodyFilter(Stream inner) : Stream
{
    /// <summary>The stream the filter writes to: the client's body, or the next filter.</summary>
    public Stream Inner { get; } = inner;

    /// <summary>Called once after the last byte of the upstream body.</summary>
    public abstract ValueTask Complete(CancellationToken cancellation);

    public abstract override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override Task FlushAsync(CancellationToken cancellationToken) => Inner.FlushAsync(cancellationToken);
    public override void Flush() => Inner.Flush();

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}

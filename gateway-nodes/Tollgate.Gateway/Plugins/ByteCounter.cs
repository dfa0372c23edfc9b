namespace Tollgate.Gateway.Plugins;

/// <summary>A body filter that passes everything through and counts it.</summary>
public sealed class ByteCounter(Stream inner) : BodyFilter(inner)
{
    public long Count { get; private set; }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Count += buffer.Length;
        return Inner.WriteAsync(buffer, cancellationToken);
    }

    public override ValueTask Complete(CancellationToken cancellation) => ValueTask.CompletedTask;
}

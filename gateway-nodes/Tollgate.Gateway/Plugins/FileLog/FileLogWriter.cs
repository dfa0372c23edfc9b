using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Tollgate.Gateway.Plugins.FileLog;

/// <summary>
/// Appends file-log lines in the background: requests only queue their line (dropped, and counted, when the queue is
/// full), and one writer keeps the files open, flushing after each burst. Stopping the node writes what is queued.
/// </summary>
public sealed class FileLogWriter(GatewayOptions options, ILogger<FileLogWriter> logger) : BackgroundService
{
    private readonly Channel<(string File, bool Reopen, byte[] Line)> _lines =
        Channel.CreateBounded<(string, bool, byte[])>(new BoundedChannelOptions(100_000) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly Dictionary<string, FileStream> _open = [];
    private readonly string _root = Path.GetFullPath(options.LogDir);

    /// <summary>The file a tenant's configured path names, inside the tenant's folder.</summary>
    public string FileOf(string tenant, string path) => Path.Combine(_root, tenant, path);

    public void Add(string file, bool reopen, byte[] line)
    {
        if (!_lines.Writer.TryWrite((file, reopen, line))) Telemetry.GatewayMetrics.LogEntriesDropped.Add(1);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reader = _lines.Reader;
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken)) WriteQueued(reader);
        }
        catch (OperationCanceledException)
        {
            WriteQueued(reader);
        }
        finally
        {
            foreach (var stream in _open.Values) stream.Dispose();
        }
    }

    private void WriteQueued(ChannelReader<(string File, bool Reopen, byte[] Line)> reader)
    {
        var touched = new HashSet<string>();
        while (reader.TryRead(out var item))
        {
            try
            {
                var stream = Open(item.File);
                stream.Write(item.Line);
                stream.WriteByte((byte)'\n');
                touched.Add(item.File);
                if (item.Reopen) Close(item.File);
            }
            catch (IOException e)
            {
                logger.LogError("file-log: cannot write {File}: {Reason}", item.File, e.Message);
                Close(item.File);
            }
        }
        foreach (var file in touched)
        {
            if (_open.TryGetValue(file, out var stream)) stream.Flush();
        }
    }

    private FileStream Open(string file)
    {
        if (_open.TryGetValue(file, out var stream)) return stream;
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        stream = new FileStream(file, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        _open[file] = stream;
        return stream;
    }

    private void Close(string file)
    {
        if (_open.Remove(file, out var stream)) stream.Dispose();
    }
}

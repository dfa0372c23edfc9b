using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Tollgate.Testing;

/// <summary>A DNS server on loopback (UDP) that answers TXT queries from the records a test publishes.</summary>
public sealed class TestDnsServer : IDisposable
{
    private readonly UdpClient _udp = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly ConcurrentDictionary<string, string[]> _txt = new(StringComparer.OrdinalIgnoreCase);
    private readonly CancellationTokenSource _stop = new();

    public TestDnsServer() => _ = Serve();

    public IPEndPoint EndPoint => (IPEndPoint)_udp.Client.LocalEndPoint!;

    public void PublishTxt(string name, params string[] values) => _txt[name.TrimEnd('.')] = values;

    private async Task Serve()
    {
        while (!_stop.IsCancellationRequested)
        {
            UdpReceiveResult query;
            try { query = await _udp.ReceiveAsync(_stop.Token); }
            catch (OperationCanceledException) { return; }
            catch (ObjectDisposedException) { return; }
            await _udp.SendAsync(Answer(query.Buffer), query.RemoteEndPoint);
        }
    }

    private byte[] Answer(byte[] query)
    {
        var (name, end) = ReadName(query, 12);
        var question = query.AsSpan(12, end + 4 - 12).ToArray();
        var records = _txt.GetValueOrDefault(name) ?? [];
        var answer = new List<byte>(query[..2]);
        answer.AddRange(records.Length > 0 ? [0x81, 0x80] : [0x81, 0x83]); // response; NXDOMAIN when nothing is published
        answer.AddRange([0, 1, 0, (byte)records.Length, 0, 0, 0, 0]);
        answer.AddRange(question);
        foreach (var record in records)
        {
            var text = Encoding.UTF8.GetBytes(record);
            answer.AddRange([0xC0, 12, 0, 16, 0, 1, 0, 0, 0, 60]); // name → the question, TXT, IN, ttl 60
            answer.AddRange([(byte)((text.Length + 1) >> 8), (byte)(text.Length + 1), (byte)text.Length]);
            answer.AddRange(text);
        }
        return answer.ToArray();
    }

    private static (string Name, int End) ReadName(byte[] message, int at)
    {
        var labels = new List<string>();
        while (message[at] != 0)
        {
            labels.Add(Encoding.ASCII.GetString(message, at + 1, message[at]));
            at += 1 + message[at];
        }
        return (string.Join('.', labels), at + 1);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _udp.Dispose();
    }
}

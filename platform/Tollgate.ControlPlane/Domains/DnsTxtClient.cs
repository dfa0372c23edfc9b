using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Tollgate.Domains;

/// <summary>Asks a DNS server for the TXT records of a name, over UDP (.NET has no TXT lookup of its own).</summary>
public sealed class DnsTxtClient(IPEndPoint server, TimeSpan timeout)
{
    /// <summary>The resolver the machine uses (first nameserver of /etc/resolv.conf), or null when there is none.</summary>
    public static IPEndPoint? SystemResolver()
    {
        const string path = "/etc/resolv.conf";
        if (!File.Exists(path)) return null;
        var line = File.ReadLines(path).Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("nameserver ", StringComparison.Ordinal));
        return line is not null && IPAddress.TryParse(line["nameserver ".Length..].Trim(), out var address) ? new IPEndPoint(address, 53) : null;
    }

    /// <summary>Each TXT record of the name (its strings joined); empty when the name has none.</summary>
    public async Task<IReadOnlyList<string>> Query(string name, CancellationToken cancellationToken = default)
    {
        using var udp = new UdpClient(server.AddressFamily);
        var id = (ushort)Random.Shared.Next(ushort.MaxValue);
        await udp.SendAsync(Question(id, name), server, cancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        while (true)
        {
            var answer = await udp.ReceiveAsync(limit.Token);
            if (answer.Buffer.Length >= 12 && BinaryPrimitives.ReadUInt16BigEndian(answer.Buffer) == id)
            {
                return Records(answer.Buffer);
            }
        }
    }

    private static byte[] Question(ushort id, string name)
    {
        var message = new List<byte>();
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteUInt16BigEndian(header, id);
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], 0x0100); // recursion desired
        BinaryPrimitives.WriteUInt16BigEndian(header[4..], 1);      // one question
        message.AddRange(header.ToArray());
        foreach (var label in name.TrimEnd('.').Split('.'))
        {
            var bytes = Encoding.ASCII.GetBytes(label);
            message.Add((byte)bytes.Length);
            message.AddRange(bytes);
        }
        message.AddRange([0, 0, 16, 0, 1]); // end of name, type TXT, class IN
        return message.ToArray();
    }

    private static List<string> Records(byte[] message)
    {
        var records = new List<string>();
        var rcode = message[3] & 0x0F;
        if (rcode != 0) return records; // NXDOMAIN and failures: no records
        var questions = BinaryPrimitives.ReadUInt16BigEndian(message.AsSpan(4));
        var answers = BinaryPrimitives.ReadUInt16BigEndian(message.AsSpan(6));
        var at = 12;
        for (var i = 0; i < questions; i++) at = SkipName(message, at) + 4;
        for (var i = 0; i < answers; i++)
        {
            at = SkipName(message, at);
            var type = BinaryPrimitives.ReadUInt16BigEndian(message.AsSpan(at));
            var length = BinaryPrimitives.ReadUInt16BigEndian(message.AsSpan(at + 8));
            var data = at + 10;
            if (type == 16)
            {
                var text = new StringBuilder();
                for (var p = data; p < data + length; p += 1 + message[p])
                {
                    text.Append(Encoding.UTF8.GetString(message, p + 1, message[p]));
                }
                records.Add(text.ToString());
            }
            at = data + length;
        }
        return records;
    }

    private static int SkipName(byte[] message, int at)
    {
        while (message[at] != 0)
        {
            if ((message[at] & 0xC0) == 0xC0) return at + 2; // compression pointer ends the name
            at += 1 + message[at];
        }
        return at + 1;
    }
}

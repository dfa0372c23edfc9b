namespace Tollgate.Gateway.Balancing;

/// <summary>FNV-1a over UTF-16 code units: the same key hashes alike on every node and in every process.</summary>
public static class StableHash
{
    public static uint Of(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ (uint)(c & 0xFF)) * 16777619u;
            hash = (hash ^ (uint)(c >> 8)) * 16777619u;
        }
        // Spread FNV's weak low bits across the ring.
        hash ^= hash >> 15;
        hash *= 0x2c1b3c6d;
        hash ^= hash >> 12;
        return hash;
    }
}

using Tollgate.Gateway.Config;

namespace Tollgate.Gateway.Plugins;

/// <summary>
/// The plugins a route runs, in priority order, each with its candidate configs ranked by Kong's precedence
/// (consumer+route+service first … global last). Consumer- and group-scoped candidates are weighed per request,
/// once an auth plugin has identified the consumer.
/// </summary>
public sealed class PluginChain(IReadOnlyList<PluginChain.Entry> entries)
{
    public static readonly PluginChain Empty = new([]);

    /// <summary>A config and its precedence: lower ranks win.</summary>
    public readonly record struct Ranked(int Rank, object Config);

    /// <param name="General">The best config that names no consumer or group.</param>
    /// <param name="ByConsumer">The best config per consumer, among those that apply to this route.</param>
    /// <param name="ByGroup">The best config per consumer group, among those that apply to this route.</param>
    public sealed record Entry(IGatewayPlugin Plugin, Ranked? General, IReadOnlyDictionary<Guid, Ranked> ByConsumer, IReadOnlyDictionary<Guid, Ranked> ByGroup)
    {
        public object? ConfigFor(GatewayConsumer? consumer)
        {
            var best = General;
            if (consumer is not null)
            {
                if (ByConsumer.TryGetValue(consumer.Id, out var own) && (best is null || own.Rank < best.Value.Rank)) best = own;
                foreach (var group in consumer.Groups)
                {
                    if (ByGroup.TryGetValue(group, out var shared) && (best is null || shared.Rank < best.Value.Rank)) best = shared;
                }
            }
            return best?.Config;
        }
    }

    public IReadOnlyList<Entry> Entries { get; } = entries;

    public bool IsEmpty => Entries.Count == 0;

    /// <summary>Kong's precedence of a plugin's scope (1 is most specific), or null when it does not apply to the route.</summary>
    public static int? Rank(bool consumer, bool group, bool route, bool service) => (consumer, group, route, service) switch
    {
        (true, _, true, true) => 1,
        (_, true, true, true) => 2,
        (true, _, true, false) => 3,
        (true, _, false, true) => 4,
        (_, true, true, false) => 5,
        (_, true, false, true) => 6,
        (false, false, true, true) => 7,
        (true, _, false, false) => 8,
        (_, true, false, false) => 9,
        (false, false, true, false) => 10,
        (false, false, false, true) => 11,
        _ => 12,
    };
}

using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using static Tollgate.Gateway.Plugins.PluginFields;

namespace Tollgate.Gateway.Plugins.BotDetection;

/// <summary>Kong's bot-detection config: User-Agent regexes always allowed, and ones refused besides the built-in list.</summary>
public sealed record BotDetectionConfig(Regex[] Allow, Regex[] Deny)
{
    public static readonly PluginSchema Schema = new(
        Texts("allow", Regex("allow")),
        Texts("deny", Regex("deny")))
    {
        NoConsumer = true,
    };

    public static BotDetectionConfig From(JsonObject config) => new(Patterns(config.Strings("allow")), Patterns(config.Strings("deny")));

    private static Regex[] Patterns(string[] patterns) => [.. patterns.Select(p => new Regex(p, RegexOptions.CultureInvariant))];
}

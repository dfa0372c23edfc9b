using System.Text.RegularExpressions;

namespace Tollgate.Gateway.Plugins.BotDetection;

/// <summary>User agents of crawlers, scrapers and scanners that bot-detection refuses unless a config allows them.</summary>
public static partial class KnownBots
{
    [GeneratedRegex(
        @"(?i)(googlebot|bingbot|slurp|duckduckbot|baiduspider|yandex(bot|images)|sogou|exabot|facebot|facebookexternalhit|ia_archiver|" +
        @"ahrefsbot|semrushbot|mj12bot|dotbot|petalbot|bytespider|gptbot|ccbot|claudebot|amazonbot|applebot|" +
        @"python-requests|python-urllib|scrapy|go-http-client|libwww-perl|wget|httrack|nikto|sqlmap|nmap|masscan|zgrab|" +
        @"(^|\s)(crawler|spider|scraper)(\s|/|$))")]
    public static partial Regex Pattern();
}

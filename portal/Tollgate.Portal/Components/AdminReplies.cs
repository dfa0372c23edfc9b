using System.Text.Json.Nodes;
using Tollgate.Tenants;

namespace Tollgate.Portal.Components;

/// <summary>Reads the Kong-shaped answers of the tenant grain, which the pages share with the Admin API.</summary>
public static class AdminReplies
{
    /// <summary>The entities of a list answer.</summary>
    public static IEnumerable<JsonNode> Data(AdminResponse response) => JsonNode.Parse(response.Body!)!["data"]!.AsArray().Select(n => n!);

    /// <summary>What a refused change says, for a person to act on.</summary>
    public static string Message(AdminResponse response) =>
        (response.Body is null ? null : JsonNode.Parse(response.Body)?["message"]?.GetValue<string>()) ?? $"The change was refused ({response.Status}).";
}

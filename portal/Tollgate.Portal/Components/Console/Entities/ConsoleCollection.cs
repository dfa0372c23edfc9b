using System.Text.Json.Nodes;
using Tollgate.Entities;

namespace Tollgate.Portal.Components.Console.Entities;

/// <summary>A column of an entity list: its header and the text of a row (labels resolve references to names).</summary>
public sealed record Column(string Header, Func<JsonObject, Func<JsonNode?, string>, string> Text);

/// <summary>
/// A kind of entity the console lists and edits: the Admin API endpoint (also its console path), its schema, the
/// columns of its list and the kinds nested under one of its entities (a consumer's keys, an upstream's targets).
/// </summary>
public sealed record ConsoleCollection(string Endpoint, string Title, EntitySchema Schema, IReadOnlyList<Column> Columns)
{
    public IReadOnlyList<string> Children { get; init; } = [];

    /// <summary>
    /// How a row is named in messages, test ids and the paths of its children: its endpoint key (name, username, target)
    /// or, for a plugin without an instance name, the plugin's name; the id otherwise. Changes address rows by id.
    /// </summary>
    public string KeyOf(JsonObject entity) =>
        (Schema.EndpointKey is { } key ? entity[key]?.ToString() : null)
        ?? entity["username"]?.ToString() ?? entity["name"]?.ToString() ?? entity["id"]!.ToString();

    private static Column Text(string field) => new(field, (e, _) => Show(e[field]));

    private static string Show(JsonNode? value) => value switch
    {
        null => "",
        JsonArray list => string.Join(", ", list.Select(v => v?.ToString())),
        _ => value.ToString(),
    };

    private static Column Reference(string field) => new(field, (e, label) => label(e[field]));

    private static readonly EntityCatalog Catalog = EntityCatalog.Kong;

    public static IReadOnlyList<ConsoleCollection> All { get; } =
    [
        new("services", "Services", Catalog.Get("services"),
            [Text("name"), new("upstream URL", (e, _) => $"{e["protocol"]}://{e["host"]}:{e["port"]}{e["path"]}"), Text("tags")]),
        new("routes", "Routes", Catalog.Get("routes"),
            [Text("name"), Text("paths"), Text("methods"), Text("hosts"), Reference("service")]),
        new("consumers", "Consumers", Catalog.Get("consumers"), [Text("username"), Text("custom_id"), Text("tags")])
        {
            Children = ["key-auth"],
        },
        new("consumer_groups", "Consumer groups", Catalog.Get("consumer_groups"), [Text("name"), Text("tags")]),
        new("upstreams", "Upstreams", Catalog.Get("upstreams"), [Text("name"), Text("algorithm"), Text("tags")]) { Children = ["targets"] },
        new("plugins", "Plugins", Catalog.Get("plugins"),
            [Text("name"), Reference("service"), Reference("route"), Reference("consumer"), Reference("consumer_group")]),
        new("domains", "Domains", Catalog.Get("domains"),
        [
            Text("name"),
            new("status", (e, _) => e["verified"]?.GetValue<bool>() == false ? "waiting for DNS" : "verified"),
            new("DNS record to add", (e, _) => e["verification"] is { } txt ? $"{txt["type"]} {txt["name"]} \"{txt["value"]}\"" : ""),
        ]),
        new("certificates", "Certificates", Catalog.Get("certificates"), [Text("id"), Text("tags")]),
        new("targets", "Targets", Catalog.Get("targets"), [Text("target"), Text("weight"), Text("health"), Text("tags")]),
        new("key-auth", "API keys", Catalog.Get("keyauth_credentials"), [Text("id"), Text("ttl"), Text("tags")]),
    ];

    /// <summary>The kinds with a page of their own in the console's navigation.</summary>
    public static IEnumerable<ConsoleCollection> TopLevel => All.Where(c => !All.Any(p => p.Children.Contains(c.Endpoint)));

    public static ConsoleCollection? Find(string endpoint) => All.FirstOrDefault(c => c.Endpoint == endpoint);
}

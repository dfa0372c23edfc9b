namespace Tollgate.Portal.Components.Console.Schema;

/// <summary>Help shown under the fields people fill in most, by collection and field path (Kong's meaning, in our words).</summary>
public static class FieldHelp
{
    private static readonly Dictionary<string, string> Texts = new()
    {
        ["services.name"] = "A unique name, used in paths of the Admin API instead of the id.",
        ["services.protocol"] = "How the gateway talks to your API.",
        ["services.host"] = "Your API's host name or IP address, or the name of an upstream to balance over its targets.",
        ["services.port"] = "Your API's port.",
        ["services.path"] = "A path prefix added to every request sent to your API, e.g. /v1.",
        ["services.retries"] = "How many times a failed connection is retried on another target.",
        ["services.connect_timeout"] = "Milliseconds to wait for a connection to your API.",
        ["services.read_timeout"] = "Milliseconds to wait between two reads of your API's answer.",
        ["services.write_timeout"] = "Milliseconds to wait between two writes to your API.",
        ["services.enabled"] = "A disabled service's routes answer 404.",
        ["routes.name"] = "A unique name, used in paths of the Admin API instead of the id.",
        ["routes.paths"] = "Request paths this route matches, by prefix; a path starting with ~ is a regular expression.",
        ["routes.hosts"] = "Host headers this route matches; * may start or end one.",
        ["routes.methods"] = "HTTP methods this route matches; empty matches all.",
        ["routes.protocols"] = "Protocols this route accepts.",
        ["routes.service"] = "The service requests on this route go to.",
        ["routes.strip_path"] = "Remove the matched path prefix before forwarding.",
        ["routes.preserve_host"] = "Forward the client's Host header instead of the service's host.",
        ["routes.regex_priority"] = "Among regular-expression paths, higher is tried first.",
        ["consumers.username"] = "A unique name for the consumer; one of username and custom_id is required.",
        ["consumers.custom_id"] = "Your own id for the consumer, e.g. from your user database.",
        ["upstreams.name"] = "The host name services use to reach this upstream.",
        ["upstreams.algorithm"] = "How requests are spread over the targets.",
        ["upstreams.healthchecks"] = "Active checks probe targets; passive checks watch real traffic. An unhealthy target gets no requests.",
        ["targets.target"] = "host:port of one instance of your API.",
        ["targets.weight"] = "Share of requests relative to other targets; 0 takes it out of rotation.",
        ["consumer_groups.name"] = "A unique name; group plugins (e.g. rate limits) apply to every member.",
        ["domains.name"] = "A host name of yours (or *.example.com) to route to this organisation.",
        ["plugins.name"] = "Which plugin to run.",
        ["plugins.service"] = "Run only for this service (leave scopes empty to run for everything).",
        ["plugins.route"] = "Run only for this route.",
        ["plugins.consumer"] = "Run only for this consumer.",
        ["plugins.consumer_group"] = "Run only for members of this consumer group.",
        ["plugins.config"] = "The plugin's settings; defaults are filled in.",
        ["plugins.enabled"] = "A disabled plugin is kept but does not run.",
        ["plugins.instance_name"] = "Optional unique name for this instance of the plugin.",
    };

    public static Func<string, string?> For(string collection) => path => Texts.GetValueOrDefault($"{collection}.{path}");
}

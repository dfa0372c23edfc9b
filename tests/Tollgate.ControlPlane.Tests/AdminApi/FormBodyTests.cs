using Microsoft.Extensions.Primitives;
using Tollgate.AdminApi;
using Tollgate.Entities;

namespace Tollgate.AdminApi;

public class FormBodyTests
{
    private static System.Text.Json.Nodes.JsonObject Form(string collection, params (string Key, string[] Values)[] fields) =>
        FormBody.ToJson(EntityCatalog.Kong.Get(collection), fields.Select(f => KeyValuePair.Create(f.Key, new StringValues(f.Values))));

    [Fact]
    public void Kong_curl_form_fields_become_typed_json()
    {
        var route = Form("routes",
            ("paths[]", ["/a", "/b"]),
            ("methods", ["GET"]),
            ("strip_path", ["false"]),
            ("regex_priority", ["3"]),
            ("service.id", ["2a5d0f6e-58e2-4d5b-8d66-9c1f8c1d9e11"]),
            ("headers.x-version", ["1", "2"]));
        Assert.Equal(["/a", "/b"], route["paths"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal(["GET"], route["methods"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.False(route["strip_path"]!.GetValue<bool>());
        Assert.Equal(3, route["regex_priority"]!.GetValue<long>());
        Assert.Equal("2a5d0f6e-58e2-4d5b-8d66-9c1f8c1d9e11", route["service"]!["id"]!.GetValue<string>());
        Assert.Equal(["1", "2"], route["headers"]!["x-version"]!.AsArray().Select(p => p!.GetValue<string>()));
    }

    [Fact]
    public void Plugin_config_fields_nest_and_numbers_read_as_numbers()
    {
        var plugin = Form("plugins", ("name", ["rate-limiting"]), ("config.minute", ["5"]), ("config.policy", ["local"]));
        Assert.Equal(5.0, plugin["config"]!["minute"]!.GetValue<double>());
        Assert.Equal("local", plugin["config"]!["policy"]!.GetValue<string>());
    }

    [Fact]
    public void Text_that_is_not_the_fields_type_stays_text_for_the_validator_to_name()
    {
        var service = Form("services", ("port", ["eighty"]));
        Assert.Equal("eighty", service["port"]!.GetValue<string>());
    }
}

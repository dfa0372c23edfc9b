using System.Text.Json.Nodes;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Tollgate.Entities;
using Tollgate.Gateway.Plugins;
using Tollgate.Portal.Components.Console.Schema;

namespace Tollgate.Portal.Console;

/// <summary>The form the console generates from a schema, rendered with bUnit: its inputs, what they write, and the errors it shows.</summary>
public sealed class SchemaFormTests : IAsyncLifetime
{
    private readonly BunitContext _context = new();

    public SchemaFormTests()
    {
        _context.Services.AddMudServices();
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services are only asynchronously disposable.
    public async Task DisposeAsync() => await _context.DisposeAsync();

    private IRenderedComponent<SchemaForm> Render(IReadOnlyList<Field> fields, JsonObject value, SchemaFormState state) =>
        _context.Render<SchemaForm>(p => p.Add(f => f.Fields, fields).Add(f => f.Value, value).Add(f => f.State, state).Add(f => f.Errors, state.Errors));

    private static AngleSharp.Dom.IElement Input(IRenderedComponent<SchemaForm> form, string path) =>
        form.Find($"[data-testid='field-{path}'] input, [data-testid='field-{path}'] textarea");

    [Fact]
    public void A_plugin_config_form_has_an_input_per_schema_field_starting_from_its_defaults()
    {
        var config = PluginRegistry.Find("rate-limiting")!.Schema.Config;
        var value = SchemaFormState.Defaults(config);
        var form = Render(config, value, new SchemaFormState());

        foreach (var field in config.Where(FieldText.IsEditable))
        {
            Assert.Single(form.FindAll($"[data-testid='field-{field.Name}']"));
        }
        Assert.Equal("local", value["policy"]!.GetValue<string>());
        Assert.Equal("local", Input(form, "policy").GetAttribute("value"));
    }

    [Fact]
    public void Typed_numbers_and_lines_become_json_values_and_text_of_the_wrong_shape_is_marked_and_not_written()
    {
        var fields = new[]
        {
            new Field("minute", FieldKind.Number),
            new Field("paths", FieldKind.Array) { Elements = Field.String("path") },
            Field.Integer("retries"),
        };
        var value = new JsonObject();
        var state = new SchemaFormState();
        var form = Render(fields, value, state);

        Input(form, "minute").Change("fifty");
        Assert.Equal("expected a number", state.Problems["minute"]);
        Assert.False(value.ContainsKey("minute"));
        Assert.Contains("expected a number", form.Find("[data-testid='field-minute']").TextContent);

        Input(form, "minute").Change("50");
        Assert.Empty(state.Problems);
        Assert.Equal(50.0, value["minute"]!.GetValue<double>());

        Input(form, "paths").Change("/orders\n /invoices \n\n");
        Assert.Equal("""["/orders","/invoices"]""", value["paths"]!.ToJsonString());

        Input(form, "retries").Change("2.5");
        Assert.Equal("expected an integer", state.Problems["retries"]);
    }

    [Fact]
    public void The_admin_api_field_errors_show_under_their_fields_nested_records_included()
    {
        var plugin = PluginRegistry.Find("rate-limiting")!.Schema.Record;
        var state = new SchemaFormState { Errors = JsonNode.Parse("""{"name":"required field missing","config":{"minute":"value must be greater than 0"}}""") };
        var form = Render([Field.String("name") with { Required = true }, plugin], new JsonObject { ["config"] = new JsonObject() }, state);

        Assert.Contains("required field missing", form.Find("[data-testid='field-name']").TextContent);
        Assert.Contains("value must be greater than 0", form.Find("[data-testid='field-config.minute']").TextContent);
    }

    [Fact]
    public void A_cleared_field_is_left_out_of_a_new_entity_and_sent_as_null_for_a_stored_one()
    {
        var fields = new[] { Field.String("path") };
        var created = new JsonObject { ["path"] = "/v1" };
        Input(Render(fields, created, new SchemaFormState()), "path").Change("");
        Assert.False(created.ContainsKey("path"));

        var edited = new JsonObject { ["path"] = "/v1" };
        Input(Render(fields, edited, new SchemaFormState { Editing = true }), "path").Change("");
        Assert.True(edited.ContainsKey("path"));
        Assert.Null(edited["path"]);
    }

    [Fact]
    public void The_form_tells_its_owner_which_field_changed()
    {
        var changed = new List<string>();
        var value = new JsonObject();
        var form = Render([Field.String("name"), Field.Record("config", Field.Integer("limit"))], value, new SchemaFormState { Changed = changed.Add });
        Input(form, "name").Change("cors");
        Input(form, "config.limit").Change("3");
        Assert.Equal(["name", "config.limit"], changed);
        Assert.Equal(3, value["config"]!["limit"]!.GetValue<long>());
    }
}

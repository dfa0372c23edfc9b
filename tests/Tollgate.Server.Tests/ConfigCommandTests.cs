
namespace Tollgate.Server;

/// <summary>The "config import/export" CLI verb against a running node.</summary>
public class ConfigCommandTests : IClassFixture<SqliteNodeFixture>
{
    private readonly TollgateNode _node;

    public ConfigCommandTests(SqliteNodeFixture fixture) => _node = fixture.Node;

    [Fact]
    public async Task Import_then_export_through_the_cli()
    {
        var slug = AdminHttp.NewSlug();
        var token = await _node.CreateTenant(slug);
        var folder = Directory.CreateTempSubdirectory("tollgate-cli-").FullName;
        var file = Path.Combine(folder, "kong.yaml");
        await File.WriteAllTextAsync(file, """
            _format_version: "3.0"
            services:
            - name: cli-service
              url: http://cli.internal
            """);
        var admin = _node.Admin.BaseAddress!.ToString();

        Assert.Equal(0, await ConfigCommand.Run(["import", file, "--tenant", slug, "--admin-url", admin, "--token", token]));
        Assert.Equal(200, (await _node.AdminAs(token).Get($"/{slug}/services/cli-service")).Code);

        var exported = Path.Combine(folder, "out.yaml");
        Assert.Equal(0, await ConfigCommand.Run(["export", "--tenant", slug, "--admin-url", admin, "--token", token, "--output", exported]));
        Assert.Contains("name: cli-service", await File.ReadAllTextAsync(exported));

        await File.WriteAllTextAsync(file, "_format_version: \"3.0\"\nservices:\n- name: broken\n");
        Assert.Equal(1, await ConfigCommand.Run(["import", file, "--tenant", slug, "--admin-url", admin, "--token", token]));
        Assert.Equal(2, await ConfigCommand.Run(["import", "--tenant", slug]));
        Assert.Equal(200, (await _node.AdminAs(token).Get($"/{slug}/services/cli-service")).Code);
    }
}

using Tollgate.Storage;
using Tollgate.Tenants;

namespace Tollgate.Server.Storage;

/// <summary>State written through the Admin API is there after the node stops and starts again.</summary>
public class RestartTests
{
    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.Postgres)]
    public async Task State_survives_a_restart(StorageKind storage)
    {
        var settings = storage == StorageKind.Sqlite ? NodeSettings.Sqlite() : await NodeSettings.Postgres();
        var slug = AdminHttp.NewSlug();
        string token;
        long version;
        await using (var node = await TollgateNode.Start(settings))
        {
            token = await node.CreateTenant(slug);
            var admin = node.AdminAs(token);
            Assert.Equal(201, (await admin.Post($"/{slug}/services", """{"name":"kept","url":"http://kept.internal"}""")).Code);
            Assert.Equal(201, (await admin.Post($"/{slug}/consumers", """{"username":"kept-user"}""")).Code);
            Assert.Equal(201, (await admin.Post($"/{slug}/consumers/kept-user/key-auth", """{"key":"kept-key"}""")).Code);
            version = (await node.Grains.GetGrain<ITenantGrain>(slug).GetSnapshot()).Version;
        }

        await using (var node = await TollgateNode.Start(settings))
        {
            var admin = node.AdminAs(token);
            Assert.Equal("kept.internal", (await admin.Get($"/{slug}/services/kept")).Json["host"]!.GetValue<string>());
            Assert.Equal(200, (await admin.Get($"/{slug}/key-auths/kept-key")).Code);
            Assert.Contains(slug, (await node.Operator().Get("/tenants?size=1000")).Text);
            var tenant = node.Grains.GetGrain<ITenantGrain>(slug);
            Assert.Equal(version, (await tenant.GetSnapshot()).Version);
            Assert.Equal(201, (await admin.Post($"/{slug}/consumers", """{"username":"after-restart"}""")).Code);
            Assert.Equal(version + 1, (await tenant.GetSnapshot()).Version);
        }
    }

    [Fact]
    public async Task Embedded_default_makes_a_bootstrap_token_once_and_keeps_it_in_the_data_folder()
    {
        var dataDir = Directory.CreateTempSubdirectory("tollgate-token-").FullName;
        var options = new TollgateOptions { DataDir = dataDir, Storage = StorageKind.Sqlite };
        var (first, file) = BootstrapTokenSource.Resolve(options);
        var (second, _) = BootstrapTokenSource.Resolve(options);
        Assert.Equal(first, second);
        Assert.Equal(Path.Combine(dataDir, BootstrapTokenSource.FileName), file);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file!));
        }
        Assert.Throws<InvalidOperationException>(() => BootstrapTokenSource.Resolve(new TollgateOptions { Storage = StorageKind.Postgres }));
    }
}

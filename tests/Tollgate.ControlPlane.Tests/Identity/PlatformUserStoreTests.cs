using Tollgate.Storage;

namespace Tollgate.Identity;

/// <summary>Platform accounts and tenant memberships on both databases.</summary>
public class PlatformUserStoreTests
{
    public static IEnumerable<object[]> Backends() => TestDatabases.Kinds();

    private static Task<Database> Fresh(StorageKind kind) => TestDatabases.Fresh(kind);

    private static PlatformUser User(string email) => new() { Email = email, NormalizedEmail = email.ToUpperInvariant(), PasswordHash = "hash" };

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task An_account_round_trips_and_a_second_account_with_its_email_is_refused(StorageKind kind)
    {
        var store = new PlatformUserStore(await Fresh(kind));
        var ada = User("ada@example.com");
        Assert.True((await store.CreateAsync(ada, default)).Succeeded);
        var twin = await store.CreateAsync(User("ada@example.com"), default);
        Assert.Equal("DuplicateEmail", Assert.Single(twin.Errors).Code);

        ada.AccessFailedCount = 3;
        ada.LockoutEnd = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.AddMinutes(15).ToUnixTimeMilliseconds());
        ada.EmailConfirmed = true;
        await store.UpdateAsync(ada, default);
        var read = await store.FindByEmailAsync("ADA@EXAMPLE.COM", default);
        Assert.NotNull(read);
        Assert.Equal((ada.Id, 3, ada.LockoutEnd, true, "hash"), (read.Id, read.AccessFailedCount, read.LockoutEnd, read.EmailConfirmed, read.PasswordHash));
        Assert.Equal(ada.Id, (await store.FindByIdAsync(ada.Id, default))!.Id);
        Assert.Null(await store.FindByEmailAsync("NOBODY@EXAMPLE.COM", default));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Memberships_give_a_role_per_tenant_and_go_with_the_account(StorageKind kind)
    {
        var database = await Fresh(kind);
        var store = new PlatformUserStore(database);
        var members = new TenantMembers(database);
        var ada = User("ada@example.com");
        await store.CreateAsync(ada, default);
        await members.Add("acme", ada.Id, TenantRole.Owner);
        await members.Add("globex", ada.Id, TenantRole.Viewer);

        Assert.Equal(TenantRole.Owner, await members.RoleOf("acme", ada.Id));
        Assert.Equal(TenantRole.Viewer, await members.RoleOf("globex", ada.Id));
        Assert.Null(await members.RoleOf("initech", ada.Id));
        Assert.Equal([("acme", TenantRole.Owner), ("globex", TenantRole.Viewer)], await members.TenantsOf(ada.Id));

        await store.DeleteAsync(ada, default);
        Assert.Null(await members.RoleOf("acme", ada.Id));
        Assert.Null(await store.FindByIdAsync(ada.Id, default));
    }

    private sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = DateTimeOffset.UtcNow;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task An_invitation_is_accepted_once_and_not_after_it_expires(StorageKind kind)
    {
        var clock = new Clock();
        var invitations = new Invitations(await Fresh(kind), clock);
        var token = await invitations.Issue("acme", "ada@example.com", TenantRole.Admin, "owner@example.com");
        Assert.Equal(("acme", "ada@example.com", TenantRole.Admin), (await invitations.Find(token)) is { } i ? (i.Tenant, i.Email, i.Role) : default);
        Assert.Null(await invitations.Find(token + "x"));
        Assert.Single(await invitations.Pending("acme"));

        Assert.True(await invitations.Accept(token));
        Assert.False(await invitations.Accept(token));
        Assert.Empty(await invitations.Pending("acme"));

        var late = await invitations.Issue("acme", "bob@example.com", TenantRole.Viewer, "owner@example.com");
        clock.Now += Invitations.Lifetime + TimeSpan.FromMinutes(1);
        Assert.False(await invitations.Accept(late));
        Assert.Empty(await invitations.Pending("acme"));
    }
}

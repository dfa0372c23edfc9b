using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Tollgate.Identity;
using Tollgate.Portal.Components;

namespace Tollgate.Portal;

/// <summary>The console and developer portal: a Blazor Web App on its own port, with platform accounts on ASP.NET Core Identity.</summary>
public static class PortalServices
{
    public static IServiceCollection AddPortal(this IServiceCollection services, PortalSettings settings, Mail.EmailOptions email)
    {
        services.AddSingleton(settings);
        services.AddSingleton(email);
        services.AddSingleton<Mail.PortalMail>();
        services.AddSingleton<IEmailSender<PlatformUser>>(provider => provider.GetRequiredService<Mail.PortalMail>());
        services.AddScoped<Mail.AccountLinks>();
        services.AddSingleton<Invitations>();
        services.AddSingleton<Components.Console.ConsoleAccess>();
        services.AddScoped<Components.Developer.DeveloperAccess>();
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddCascadingAuthenticationState();
        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.LoginPath = "/signin";
            cookie.LogoutPath = "/signout";
            cookie.Cookie.Name = "tollgate.console";
            cookie.Cookie.SameSite = SameSiteMode.Lax;
        });
        services.AddAuthorization();
        // One key ring for every portal process, in the database: a cookie written by one is read by the others.
        services.AddDataProtection().SetApplicationName("tollgate-portal");
        services.AddOptions<KeyManagementOptions>().Configure<Storage.Database, Tollgate.AdminApi.PlatformSecrets>((keys, database, secrets) =>
        {
            keys.XmlRepository = new DataProtectionKeys(database);
            keys.XmlEncryptor = new SealedKeyEncryptor(secrets);
        });
        services.AddIdentityCore<PlatformUser>(identity =>
            {
                // Unique per realm, which the store enforces: a developer of a tenant may also hold a platform account.
                identity.User.RequireUniqueEmail = false;
                identity.User.AllowedUserNameCharacters += "|/";
                identity.Password.RequiredLength = 10;
                identity.Password.RequireNonAlphanumeric = false;
                identity.Lockout.MaxFailedAccessAttempts = 5;
                identity.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddUserStore<PlatformUserStore>()
            .AddSignInManager()
            // Links in mails (confirmation, reset, invitation) and authenticator apps; no SMS, so no phone provider.
            .AddTokenProvider<DataProtectorTokenProvider<PlatformUser>>(TokenOptions.DefaultProvider)
            .AddTokenProvider<AuthenticatorTokenProvider<PlatformUser>>(TokenOptions.DefaultAuthenticatorProvider);
        services.AddSingleton<TenantMembers>();
        services.AddSingleton<PortalCatalog>();
        services.AddSingleton<TenantPortals>();
        services.AddSingleton<Developer.TryIt>();
        services.AddSingleton<Developer.ConsumerPlans>();
        services.AddSingleton<Analytics.ConsoleAnalytics>();
        services.AddTokenIssuer(settings.Issuer);
        return services;
    }

    /// <summary>
    /// The platform's OAuth 2.0 token endpoint (POST /oauth2/token, client credentials) with OpenIddict, for the tenants'
    /// oauth2 credentials, and its discovery document and JWKS, from which gateways verify the tokens.
    /// </summary>
    private static void AddTokenIssuer(this IServiceCollection services, Uri issuer)
    {
        services.AddSingleton<OAuth.SigningKeys>();
        services.AddOpenIddict().AddServer(server =>
        {
            server.SetIssuer(issuer);
            server.SetTokenEndpointUris("oauth2/token");
            server.AllowClientCredentialsFlow();
            // The clients are the tenants' oauth2 credentials, checked by our own handler rather than an OpenIddict store.
            server.EnableDegradedMode();
            server.DisableTokenStorage();
            server.DisableScopeValidation();
            // Gateways read the access token's claims: signed, not encrypted.
            server.DisableAccessTokenEncryption();
            server.AddEphemeralEncryptionKey();
            server.SetAccessTokenLifetime(TimeSpan.FromHours(1));
            server.AddEventHandler<OpenIddict.Server.OpenIddictServerEvents.ValidateTokenRequestContext>(handler =>
                handler.UseScopedHandler<OAuth.ClientCredentials.Check>());
            server.AddEventHandler<OpenIddict.Server.OpenIddictServerEvents.HandleTokenRequestContext>(handler =>
                handler.UseScopedHandler<OAuth.ClientCredentials.Grant>());
            server.UseAspNetCore().DisableTransportSecurityRequirement();
        });
        services.AddOptions<OpenIddict.Server.OpenIddictServerOptions>().Configure<OAuth.SigningKeys>((options, keys) =>
        {
            foreach (var key in keys.Load())
            {
                options.SigningCredentials.Add(new Microsoft.IdentityModel.Tokens.SigningCredentials(key, Microsoft.IdentityModel.Tokens.SecurityAlgorithms.RsaSha256));
            }
        });
    }

    /// <summary>
    /// A tenant's developer portal also answers at {tenant}.portal.{GatewayDomain}: the site's root there is the
    /// tenant's catalogue (a redirect, so the interactive router sees the page's real address).
    /// </summary>
    public static void UseTenantPortalHosts(this WebApplication app, int port, string gatewayDomain)
    {
        var suffix = $".portal.{gatewayDomain}";
        app.Use((context, next) =>
        {
            var host = context.Request.Host.Host;
            if (context.Connection.LocalPort == port && context.Request.Path == "/" && host.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && host[..^suffix.Length].ToLowerInvariant() is var tenant && Tollgate.Tenants.TenantSlug.Problem(tenant) is null)
            {
                context.Response.Redirect($"/portal/{tenant}");
                return Task.CompletedTask;
            }
            return next(context);
        });
    }

    /// <summary>Serves the portal on its port: the pages, their static files and the sign-out endpoint.</summary>
    public static void MapPortal(this WebApplication app, int port)
    {
        var host = $"*:{port}";
        app.MapStaticAssets().RequireHost(host);
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode().RequireHost(host);
        // The sign-up page asks as the address is typed; the answer is the same check the sign-up itself makes.
        app.MapGet("/signup/slug", async (string? value, Tollgate.Tenants.TenantProvisioning provisioning) =>
        {
            var slug = (value ?? "").Trim().ToLowerInvariant();
            var errors = new Tollgate.Entities.FieldErrors();
            provisioning.Check(slug, null, null, null, errors);
            if (!errors.IsEmpty) return Results.Json(new { available = false, problem = $"{slug}: {errors.Fields["slug"]}" });
            return await provisioning.IsFree(slug)
                ? Results.Json(new { available = true, problem = (string?)null })
                : Results.Json(new { available = false, problem = $"{slug} is taken; choose another address" });
        }).RequireHost(host);
        app.MapPost("/signout", async (SignInManager<PlatformUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return Results.LocalRedirect("/");
        }).RequireHost(host);
    }
}

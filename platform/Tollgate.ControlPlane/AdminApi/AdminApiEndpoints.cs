using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Scalar.AspNetCore;
using Tollgate.Billing;
using Tollgate.Entities;
using Tollgate.Storage;
using Tollgate.Tenants;

namespace Tollgate.AdminApi;

/// <summary>Maps the Kong-compatible Admin API onto its port.</summary>
public static class AdminApiEndpoints
{
    /// <summary>The largest Admin API body accepted (a big declarative file fits); larger ones get 413.</summary>
    public const long MaxBodyBytes = 16 * 1024 * 1024;

    public static IServiceCollection AddAdminApi(this IServiceCollection services, string bootstrapToken) =>
        services
            .AddSingleton(new BootstrapToken(bootstrapToken))
            .AddSingleton<PlatformSecrets>()
            .AddSingleton<AdminAuthenticator>()
            .AddSingleton<TenantProvisioning>()
            .AddSingleton<AdminTokens>();

    public static void MapAdminApi(this WebApplication app, int port)
    {
        var admin = app.MapGroup("").RequireHost($"*:{port}").WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes));
        admin.AddEndpointFilter(async (context, next) =>
        {
            try
            {
                return await next(context);
            }
            catch (BadHttpRequestException e)
            {
                return AdminResults.Send(KongError.Message(e.StatusCode, e.StatusCode == 413 ? "Payload too large" : "Bad request"));
            }
            catch (Exception e) when (Unavailable(e))
            {
                // The database is away (restarting, failing over): nothing was changed, and the caller may retry.
                var http = context.HttpContext;
                http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Tollgate.AdminApi")
                    .LogWarning("Admin API {Method} {Path}: store unavailable ({Error})", http.Request.Method, http.Request.Path.Value, e.GetBaseException().Message);
                http.Response.Headers.RetryAfter = "1";
                return AdminResults.Send(KongError.Message(503, "The configuration store is unavailable; nothing was changed. Retry shortly"));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                var http = context.HttpContext;
                http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Tollgate.AdminApi")
                    .LogError(e, "Admin API {Method} {Path} failed", http.Request.Method, http.Request.Path.Value);
                return AdminResults.Send(KongError.Message(500, "An unexpected error occurred"));
            }
        });
        admin.MapGet("/status", Status);
        admin.MapSchemas();
        admin.MapGet("/openapi.json", () => Results.Text(OpenApiDocument.Create(EntityCatalog.Kong).ToJsonString(KongJson.Options), "application/json"));
        admin.MapScalarApiReference("/docs", options => options.WithOpenApiRoutePattern("/openapi.json").WithTitle("Tollgate Admin API"));
        admin.MapTenants();
        admin.MapStripeWebhook();
        admin.Map("/{**path}", WorkspaceApi.Handle);
    }

    /// <summary>Whether a failure came from the database being unreachable rather than from the request.</summary>
    private static bool Unavailable(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is System.Data.Common.DbException || e is System.Net.Sockets.SocketException) return true;
        }
        return false;
    }

    private static async Task<IResult> Status(Database database, ILoggerFactory logs)
    {
        var reachable = true;
        try
        {
            await using var connection = await database.OpenAsync();
            await connection.Command("SELECT 1").ExecuteScalarAsync();
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
        {
            logs.CreateLogger("Tollgate.Status").LogWarning(e, "Database unreachable for status");
            reachable = false;
        }
        var body = new System.Text.Json.Nodes.JsonObject
        {
            ["database"] = new System.Text.Json.Nodes.JsonObject { ["reachable"] = reachable, ["storage"] = database.Kind.ToString().ToLowerInvariant() },
            ["server"] = new System.Text.Json.Nodes.JsonObject { ["version"] = typeof(AdminApiEndpoints).Assembly.GetName().Version?.ToString() },
        };
        return Results.Text(body.ToJsonString(KongJson.Options), "application/json", statusCode: reachable ? 200 : 503);
    }
}

using Microsoft.AspNetCore.Http;
using Tollgate.Tenants;

namespace Tollgate.AdminApi;

/// <summary>Writes Admin API answers as HTTP responses.</summary>
public static class AdminResults
{
    public static IResult Send(AdminResponse response) =>
        response.Body is null
            ? Results.StatusCode(response.Status)
            : Results.Text(response.Body, "application/json; charset=utf-8", statusCode: response.Status);

    public static IResult Unauthorized() =>
        Send(Entities.KongError.Message(401, "Invalid credentials. Token required: send Kong-Admin-Token or Authorization: Bearer"));

    public static IResult Forbidden() => Send(Entities.KongError.Message(403, "Forbidden: this token has no access to that workspace"));

    public static IResult MethodNotAllowed() => Send(Entities.KongError.Message(405, "Method not allowed"));
}

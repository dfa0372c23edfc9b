using System.Text;
using Microsoft.AspNetCore.Http;

namespace Tollgate.Gateway.Forwarding;

/// <summary>The gateway's own answers, with Kong's statuses and messages, as pre-encoded bodies.</summary>
public static class GatewayErrors
{
    public static readonly byte[] NoRoute = Body("no Route matched with those values");
    public static readonly byte[] NoService = Body("no Service found with those values");
    public static readonly byte[] NoPeer = Body("failure to get a peer from the ring-balancer");
    public static readonly byte[] BadGateway = Body("An invalid response was received from the upstream server");
    public static readonly byte[] Timeout = Body("The upstream server is timing out");
    public static readonly byte[] TooManyConcurrent = Body("Too many concurrent requests for this tenant");
    public static readonly byte[] PlanRateExceeded = Body("Request rate of this tenant's plan exceeded");
    public static readonly byte[] QuotaExceeded = Body("Monthly request quota exceeded");
    public static readonly byte[] AccountSuspended = Body("Payment required: this API's provider account is suspended for an unpaid invoice");
    public static readonly byte[] UseHttps = Body("Please use HTTPS protocol");

    public static Task Write(HttpContext context, int status, byte[] body)
    {
        if (context.Response.HasStarted)
        {
            return Task.CompletedTask;
        }
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.ContentLength = body.Length;
        return context.Response.Body.WriteAsync(body).AsTask();
    }

    private static byte[] Body(string message) => Encoding.UTF8.GetBytes($$"""{"message":"{{message}}"}""");
}

using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Tollgate.Identity;

namespace Tollgate.Portal.Mail;

/// <summary>The links the portal emails: Identity's tokens, made safe for a URL, on the portal's own address.</summary>
public sealed class AccountLinks(UserManager<PlatformUser> users, IEmailSender<PlatformUser> mail)
{
    public async Task SendConfirmation(PlatformUser user, string baseUri)
    {
        var code = Encode(await users.GenerateEmailConfirmationTokenAsync(user));
        await mail.SendConfirmationLinkAsync(user, user.Email, $"{baseUri.TrimEnd('/')}/confirm-email?user={user.Id}&code={code}");
    }

    public async Task SendPasswordReset(PlatformUser user, string baseUri)
    {
        var code = Encode(await users.GeneratePasswordResetTokenAsync(user));
        await mail.SendPasswordResetLinkAsync(user, user.Email, $"{baseUri.TrimEnd('/')}/reset-password?user={user.Id}&code={code}");
    }

    public static string Encode(string token) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));

    public static string? Decode(string? code)
    {
        try
        {
            return code is null ? null : Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

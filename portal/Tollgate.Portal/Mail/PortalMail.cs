using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using MimeKit;
using Tollgate.Identity;

namespace Tollgate.Portal.Mail;

/// <summary>Where the portal's email goes (section "Email"): SMTP when a host is set, otherwise an outbox folder.</summary>
public sealed class EmailOptions
{
    public string From { get; set; } = "Tollgate <no-reply@tollgate.localhost>";
    /// <summary>Where mail is written as .eml files when no SMTP host is set (the embedded default); {DataDir}/outbox unless set.</summary>
    public string? OutboxDir { get; set; }
    public SmtpOptions Smtp { get; set; } = new();

    public sealed class SmtpOptions
    {
        public string? Host { get; set; }
        public int Port { get; set; } = 587;
        public string? User { get; set; }
        public string? Password { get; set; }
        /// <summary>StartTLS on the submission port (587), TLS on connect for 465, none only when turned off.</summary>
        public bool UseTls { get; set; } = true;
    }
}

/// <summary>
/// Sends the portal's email (confirmations, password resets, invitations) through MailKit, which speaks SMTP with
/// StartTLS and authentication and writes RFC 5322 messages; without SMTP each message is an .eml file in the outbox
/// and a log line, so the embedded default needs no mail server.
/// </summary>
public sealed class PortalMail(EmailOptions options, ILogger<PortalMail> logger) : IEmailSender<PlatformUser>
{
    public async Task Send(string to, string subject, string text)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(options.From));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = text };
        if (options.Smtp.Host is { Length: > 0 } host)
        {
            using var smtp = new SmtpClient();
            var security = !options.Smtp.UseTls ? SecureSocketOptions.None : options.Smtp.Port == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls;
            await smtp.ConnectAsync(host, options.Smtp.Port, security);
            if (options.Smtp.User is { Length: > 0 } user) await smtp.AuthenticateAsync(user, options.Smtp.Password ?? "");
            await smtp.SendAsync(message);
            await smtp.DisconnectAsync(quit: true);
            logger.LogInformation("Mail \"{Subject}\" sent to {To} through {Host}", subject, to, host);
            return;
        }
        var outbox = options.OutboxDir ?? throw new InvalidOperationException("Email:OutboxDir is not set");
        Directory.CreateDirectory(outbox);
        var file = Path.Combine(outbox, $"{DateTime.UtcNow:yyyyMMddHHmmssfff}-{Guid.NewGuid():N}.eml");
        await message.WriteToAsync(file);
        logger.LogInformation("Mail \"{Subject}\" to {To} written to {File}", subject, to, file);
    }

    public Task SendConfirmationLinkAsync(PlatformUser user, string email, string confirmationLink) =>
        Send(email, "Confirm your email for Tollgate", $"Confirm your email address by opening this link:\n\n{confirmationLink}\n\nIf you did not sign up, ignore this message.");

    public Task SendPasswordResetLinkAsync(PlatformUser user, string email, string resetLink) =>
        Send(email, "Reset your Tollgate password", $"Choose a new password by opening this link (valid for a day):\n\n{resetLink}\n\nIf you did not ask for this, ignore this message; your password is unchanged.");

    public Task SendPasswordResetCodeAsync(PlatformUser user, string email, string resetCode) =>
        Send(email, "Your Tollgate password reset code", $"Your code: {resetCode}");
}

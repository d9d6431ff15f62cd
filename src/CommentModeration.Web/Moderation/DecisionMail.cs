using System.Net;
using System.Net.Mail;
using Microsoft.AspNetCore.Identity.UI.Services;

namespace CommentModeration.Web.Moderation;

/// <summary>Tells the author of a held comment that it was approved or rejected, when the site has that switched on.</summary>
public sealed class DecisionMail(IEmailSender sender, ILogger<DecisionMail> logger)
{
    public async Task SendAsync(string email, string authorName, string articleTitle, string articleUrl, bool approved, string? reason)
    {
        if (string.IsNullOrWhiteSpace(email)) return;
        var name = WebUtility.HtmlEncode(authorName);
        var title = WebUtility.HtmlEncode(articleTitle);
        var url = WebUtility.HtmlEncode(articleUrl);
        var (subject, body) = approved
            ? ($"Your comment on \"{articleTitle}\" is published",
               $"<p>Hello {name},</p><p>your comment on <a href=\"{url}\">{title}</a> was approved and is now published.</p>")
            : ($"Your comment on \"{articleTitle}\" was not published",
               $"<p>Hello {name},</p><p>your comment on <a href=\"{url}\">{title}</a> was not published.</p>"
               + (string.IsNullOrWhiteSpace(reason) ? "" : $"<p>Reason: {WebUtility.HtmlEncode(reason)}</p>"));
        try
        {
            await sender.SendEmailAsync(email, subject, body);
        }
        catch (Exception ex) when (ex is SmtpException or IOException or InvalidOperationException)
        {
            // A decision stands even when the mail cannot go out; the log says so.
            logger.LogWarning(ex, "Could not tell {Email} about the decision on their comment", email);
        }
    }
}

/// <summary>Development sink: each mail becomes a file under Mail:PickupFolder (default App_Data/mail) and a log line.</summary>
public sealed class FileEmailSender(IConfiguration configuration, IHostEnvironment environment, TimeProvider clock, ILogger<FileEmailSender> logger) : IEmailSender
{
    public async Task SendEmailAsync(string email, string subject, string htmlMessage)
    {
        var folder = Path.Combine(environment.ContentRootPath, configuration["Mail:PickupFolder"] ?? "App_Data/mail");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, $"{clock.GetUtcNow():yyyyMMddHHmmssfff}-{Guid.NewGuid():N}.eml");
        var content = $"To: {email}\r\nSubject: {subject}\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{htmlMessage}\r\n";
        await File.WriteAllTextAsync(file, content);
        logger.LogInformation("Mail to {Email} \"{Subject}\" written to {File}", email, subject, file);
    }
}

/// <summary>SMTP delivery, chosen when Mail:Smtp:Host is set.</summary>
public sealed class SmtpEmailSender(IConfiguration configuration) : IEmailSender
{
    public async Task SendEmailAsync(string email, string subject, string htmlMessage)
    {
        var smtp = configuration.GetSection("Mail:Smtp");
        using var client = new SmtpClient(smtp["Host"], smtp.GetValue("Port", 587))
        {
            EnableSsl = smtp.GetValue("EnableSsl", true),
        };
        if (!string.IsNullOrEmpty(smtp["UserName"])) client.Credentials = new NetworkCredential(smtp["UserName"], smtp["Password"]);
        using var message = new MailMessage(smtp["From"] ?? "comments@localhost", email, subject, htmlMessage) { IsBodyHtml = true };
        await client.SendMailAsync(message);
    }
}

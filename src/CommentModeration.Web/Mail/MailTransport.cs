using MailKit.Security;
using MimeKit;

namespace CommentModeration.Web.Mail;

/// <summary>Where the site's mails go: an SMTP server, or files in a pickup folder.</summary>
public interface IMailTransport
{
    Task SendAsync(MimeMessage message, CancellationToken ct);
}

/// <summary>The SMTP server the site hands its mails to (Mail:Smtp).</summary>
public sealed class SmtpSettings
{
    public string Host { get; set; } = "";
    public int Port { get; set; } = 587;

    /// <summary>MailKit's choice by default: TLS from the start on port 465, STARTTLS when the server offers it otherwise.</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.Auto;
    public string? UserName { get; set; }
    public string? Password { get; set; }
}

/// <summary>Delivery through an SMTP server with MailKit: one connection per mail, which suits the site's few mails a minute.</summary>
public sealed class SmtpMailTransport(SmtpSettings settings) : IMailTransport
{
    private const int TimeoutMilliseconds = 30_000;

    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        using var client = new MailKit.Net.Smtp.SmtpClient { Timeout = TimeoutMilliseconds };
        await client.ConnectAsync(settings.Host, settings.Port, settings.Security, ct);
        if (!string.IsNullOrEmpty(settings.UserName)) await client.AuthenticateAsync(settings.UserName, settings.Password ?? "", ct);
        await client.SendAsync(message, ct);
        await client.DisconnectAsync(quit: true, ct);
    }
}

/// <summary>
/// Without an SMTP server, each mail becomes an .eml file in Mail:PickupFolder, which a mail
/// program opens and a relay's pickup service sends. Written beside and then renamed, so a
/// service watching the folder never picks up half a file.
/// </summary>
public sealed class PickupFolderMailTransport(string folder, TimeProvider clock, ILogger<PickupFolderMailTransport> logger) : IMailTransport
{
    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        Directory.CreateDirectory(folder);
        var name = $"{clock.GetUtcNow():yyyyMMddHHmmssfff}-{Guid.NewGuid():N}";
        var partial = Path.Combine(folder, name + ".tmp");
        var file = Path.Combine(folder, name + ".eml");
        await message.WriteToAsync(partial, ct);
        File.Move(partial, file);
        logger.LogInformation("Mail to {To} \"{Subject}\" written to {File}", message.To, message.Subject, file);
    }
}

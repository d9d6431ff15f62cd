using System.Text;
using CommentModeration.Web.Mail;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using netDumbster.smtp;

namespace CommentModeration.Web.Tests.Infrastructure;

/// <summary>A real SMTP server in the test process (netDumbster) on a free port; the app talks SMTP to it through MailKit.</summary>
public sealed class SmtpSink : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly SimpleSmtpServer _server = Configuration.Configure().WithAddress(System.Net.IPAddress.Loopback).WithRandomPort().Build();

    // netDumbster's own ReceivedEmail copies an unlocked list and throws when a mail arrives during the copy; we keep our own.
    private readonly System.Collections.Concurrent.ConcurrentQueue<SmtpMessage> _received = new();

    public SmtpSink() => _server.MessageReceived += (_, e) => _received.Enqueue(e.Message);

    public int Port => _server.Configuration.Port;

    /// <summary>A port on this machine where nothing listens: a mail server that cannot be reached.</summary>
    public static int ClosedPort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Every mail the server received for <paramref name="address"/>, parsed as a mail program would.</summary>
    public IReadOnlyList<MimeMessage> MailsTo(string address) =>
        _received
            .Where(m => m.ToAddresses.Any(a => string.Equals(a.Address, address, StringComparison.OrdinalIgnoreCase)))
            .Select(m => MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(m.Data))))
            .ToList();

    /// <summary>Waits for the first mail to <paramref name="address"/> (whose subject contains <paramref name="subject"/>, when given).</summary>
    public async Task<MimeMessage> WaitForMailAsync(string address, string? subject = null) =>
        (await Eventually.ReadAsync(
            () => Task.FromResult(MailsTo(address).FirstOrDefault(m => subject is null || (m.Subject ?? "").Contains(subject, StringComparison.Ordinal))),
            mail => mail is not null, Patience, _ => $"no mail to {address}{(subject is null ? "" : $" about \"{subject}\"")}."))!;

    public void Dispose() => _server.Dispose();
}

public static class MailTestExtensions
{
    /// <summary>Waits until the app's outbox has handled every mail queued so far: after it, what was sent has arrived, and what was not is not coming.</summary>
    public static async Task MailsHandledAsync(this IServiceProvider services)
    {
        var outbox = services.GetRequiredService<MailOutbox>();
        await Eventually.UntilAsync(() => outbox.Pending == 0, TimeSpan.FromSeconds(30), "mail is still queued.");
    }

    /// <summary>The links of a mail's text part (each on a line of its own, as the site writes them).</summary>
    public static IReadOnlyList<string> Links(this MimeMessage mail) =>
        (mail.TextBody ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("http://", StringComparison.Ordinal) || l.StartsWith("https://", StringComparison.Ordinal)).ToList();

    /// <summary>The one link in the mail's text whose address contains <paramref name="part"/>.</summary>
    public static Uri Link(this MimeMessage mail, string part) => new(Assert.Single(mail.Links(), l => l.Contains(part, StringComparison.Ordinal)));
}

/// <summary>The app with its mail going to an in-process SMTP server, and a public address of its own so that links show where they point.</summary>
public class MailAppFactory : AppFactory
{
    public const string PublicUrl = "https://comments.example.test/";

    public SmtpSink Smtp { get; } = new();

    public MailAppFactory()
    {
        Settings["Mail:Smtp:Host"] = "127.0.0.1";
        Settings["Mail:Smtp:Port"] = Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Settings["Mail:Smtp:Security"] = "None";
        Settings["Site:PublicUrl"] = PublicUrl;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) Smtp.Dispose();
    }
}

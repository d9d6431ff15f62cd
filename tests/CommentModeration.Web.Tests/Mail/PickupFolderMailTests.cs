using CommentModeration.Web.Tests.Articles;
using CommentModeration.Web.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace CommentModeration.Web.Tests.Mail;

/// <summary>Without an SMTP server, the site's mails are .eml files in Mail:PickupFolder.</summary>
public abstract class PickupFolderMailTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : AppFactory
{
    [Fact]
    public async Task Without_an_smtp_server_a_password_reset_mail_is_an_eml_file_with_an_absolute_link()
    {
        var email = $"pickup-{Guid.NewGuid():N}@example.org";
        await factory.CreateUserAsync(email, ReaderArrange.Password);

        var asked = await factory.CreateBrowserClient().SubmitFormAsync("/Account/ForgotPassword", "form[method='post']",
            new Dictionary<string, string> { ["Input.Email"] = email });

        Assert.Contains("ForgotPasswordConfirmation", asked.Headers.Location!.OriginalString);
        await factory.Services.MailsHandledAsync();
        var files = Directory.GetFiles(factory.MailFolder);
        Assert.All(files, f => Assert.EndsWith(".eml", f));
        var mail = Assert.Single(files.Select(f => MimeMessage.Load(f)), m => m.To.Mailboxes.Any(a => a.Address == email));
        Assert.Equal("Reset your password", mail.Subject);
        // No Site:PublicUrl: the address the server listens on (Urls).
        var listening = factory.Services.GetRequiredService<IConfiguration>()["Urls"]!.TrimEnd('/');
        Assert.StartsWith($"{listening}/Account/ResetPassword?code=", mail.Link("/Account/ResetPassword").AbsoluteUri);
    }
}

public sealed class PickupFolderMailTests(AppFactory factory) : PickupFolderMailTests<AppFactory>(factory);

public sealed class PickupFolderMailTestsOnPostgres(PostgresAppFactory factory) : PickupFolderMailTests<PostgresAppFactory>(factory);

using System.Net;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Tests.Articles;
using CommentModeration.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace CommentModeration.Web.Tests.Mail;

/// <summary>The mails an account gets, delivered over SMTP to a real server, and the pages around them, through the real forms.</summary>
public abstract class AccountMailTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : MailAppFactory
{
    private const string NewPassword = "Another-password-2";

    private static string UniqueEmail(string prefix) => $"{prefix}-{Guid.NewGuid():N}@example.org";

    private static Task<HttpResponseMessage> RegisterAsync(HttpClient client, string email) =>
        client.SubmitFormAsync("/Account/Register", "form[method='post']", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.DisplayName"] = "New Reader",
            ["Input.Password"] = ReaderArrange.Password,
            ["Input.ConfirmPassword"] = ReaderArrange.Password,
        });

    private static Task<HttpResponseMessage> LogInAsync(HttpClient client, string email, string password) =>
        client.SubmitFormAsync("/Account/Login", "form", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });

    private async Task<ApplicationUser?> UserAsync(string email)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email);
    }

    private static void AssertLinkIsAbsoluteOnTheSite(Uri link) =>
        Assert.StartsWith(MailAppFactory.PublicUrl, link.AbsoluteUri);

    [Fact]
    public async Task Registering_mails_an_absolute_confirmation_link_that_confirms_the_address_and_no_page_shows_it()
    {
        var client = factory.CreateBrowserClient();
        var email = UniqueEmail("new-reader");

        var registered = await RegisterAsync(client, email);

        Assert.True(registered.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.SeeOther, $"Registration answered {(int)registered.StatusCode}");
        var page = await client.GetStringAsync(registered.Headers.Location!.OriginalString);
        Assert.Contains("Check your inbox", page);
        Assert.DoesNotContain("ConfirmEmail", page);
        Assert.False((await UserAsync(email))!.EmailConfirmed);

        var mail = await factory.Smtp.WaitForMailAsync(email, "Confirm your email address");
        var link = mail.Link("/Account/ConfirmEmail");
        AssertLinkIsAbsoluteOnTheSite(link);
        Assert.Contains($"href=\"{WebUtility.HtmlEncode(link.AbsoluteUri)}\"", mail.HtmlBody);

        var confirmed = await client.GetStringAsync(link.PathAndQuery);
        Assert.Contains("Thank you for confirming your email.", confirmed);
        Assert.True((await UserAsync(email))!.EmailConfirmed);
    }

    [Fact]
    public async Task An_unconfirmed_reader_who_gives_the_right_password_is_told_to_confirm_and_can_have_the_link_sent_again()
    {
        var email = UniqueEmail("unconfirmed");
        await RegisterAsync(factory.CreateBrowserClient(), email);
        await factory.Smtp.WaitForMailAsync(email, "Confirm your email address");
        var client = factory.CreateBrowserClient();

        var wrong = FormClient.Parse(await (await LogInAsync(client, email, "Not-the-password-1")).Content.ReadAsStringAsync());
        Assert.Contains("Invalid login attempt", wrong.Body!.TextContent);
        Assert.Null(wrong.QuerySelector("#unconfirmed-account"));

        var right = await LogInAsync(client, email, ReaderArrange.Password);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        var page = FormClient.Parse(await right.Content.ReadAsStringAsync());
        var notice = page.QuerySelector("#unconfirmed-account");
        Assert.NotNull(notice);
        Assert.Contains("not confirmed yet", notice.TextContent);
        Assert.DoesNotContain("Invalid login attempt", page.Body!.TextContent);

        var resendPage = notice.QuerySelector("a")!.GetAttribute("href")!;
        var resent = await client.SubmitFormAsync("/" + resendPage, "form[method='post']", new Dictionary<string, string>());
        Assert.Contains("a new confirmation link is on its way", await resent.Content.ReadAsStringAsync());
        await factory.Services.MailsHandledAsync();
        var confirmations = factory.Smtp.MailsTo(email).Where(m => m.Subject == "Confirm your email address").ToList();
        Assert.Equal(2, confirmations.Count);

        await client.GetStringAsync(confirmations[1].Link("/Account/ConfirmEmail").PathAndQuery);
        var signedIn = await LogInAsync(client, email, ReaderArrange.Password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
    }

    [Fact]
    public async Task Forgot_password_mails_a_reset_link_that_sets_a_new_password_and_answers_an_unknown_address_alike()
    {
        var email = UniqueEmail("forgetful");
        var nobody = UniqueEmail("nobody");
        await factory.CreateUserAsync(email, ReaderArrange.Password);
        var client = factory.CreateBrowserClient();

        var asked = await client.SubmitFormAsync("/Account/ForgotPassword", "form[method='post']", new Dictionary<string, string> { ["Input.Email"] = email });
        var askedForNobody = await client.SubmitFormAsync("/Account/ForgotPassword", "form[method='post']", new Dictionary<string, string> { ["Input.Email"] = nobody });

        Assert.Equal(asked.Headers.Location, askedForNobody.Headers.Location);
        Assert.Contains("check your inbox", await client.GetStringAsync(asked.Headers.Location!.OriginalString));
        var mail = await factory.Smtp.WaitForMailAsync(email, "Reset your password");
        var link = mail.Link("/Account/ResetPassword");
        AssertLinkIsAbsoluteOnTheSite(link);

        var reset = await client.SubmitFormAsync(link.PathAndQuery, "form[method='post']", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = NewPassword,
            ["Input.ConfirmPassword"] = NewPassword,
        });
        Assert.EndsWith("Account/ResetPasswordConfirmation", reset.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await LogInAsync(factory.CreateBrowserClient(), email, NewPassword)).StatusCode);

        await factory.Services.MailsHandledAsync();
        Assert.Empty(factory.Smtp.MailsTo(nobody));
    }

    [Fact]
    public async Task Changing_the_email_mails_a_link_to_the_new_address_that_changes_it()
    {
        var email = UniqueEmail("mover");
        var newEmail = UniqueEmail("moved");
        var client = await factory.SignedInClientAsync(email);

        var asked = await client.SubmitFormAsync("/Account/Manage/Email", "form[action='/Account/Manage/Email']:not(#send-verification-form)",
            new Dictionary<string, string> { ["Input.NewEmail"] = newEmail });

        Assert.Contains("Confirmation link to change email sent", await asked.Content.ReadAsStringAsync());
        Assert.Equal(email, (await UserAsync(email))!.Email);
        var mail = await factory.Smtp.WaitForMailAsync(newEmail, "Confirm your new email address");
        var link = mail.Link("/Account/ConfirmEmailChange");
        AssertLinkIsAbsoluteOnTheSite(link);

        var changed = await client.GetStringAsync(link.PathAndQuery);
        Assert.Contains("Thank you for confirming your email change.", changed);
        Assert.NotNull(await UserAsync(newEmail));
        Assert.Empty(factory.Smtp.MailsTo(email));
    }

    [Theory]
    [InlineData("%")]          // not base64url at all
    [InlineData("QUJDR")]      // a link cut short: one character too many for whole bytes
    public async Task A_mailed_account_link_cut_short_or_mangled_says_it_is_not_valid_and_changes_nothing(string code)
    {
        var email = UniqueEmail("mangled");
        var user = await factory.CreateUserAsync(email, ReaderArrange.Password);
        var client = factory.CreateBrowserClient();
        var escaped = Uri.EscapeDataString(code);

        var confirm = await client.GetAsync($"/Account/ConfirmEmail?userId={user.Id}&code={escaped}");
        Assert.Equal(HttpStatusCode.BadRequest, confirm.StatusCode);
        Assert.Contains("the link is not valid", await confirm.Content.ReadAsStringAsync());

        var reset = await client.GetAsync($"/Account/ResetPassword?code={escaped}");
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        Assert.EndsWith("Account/InvalidPasswordReset", reset.Headers.Location!.OriginalString);

        var newEmail = UniqueEmail("never");
        var signedIn = await factory.SignedInClientAsync(UniqueEmail("changer"));
        var change = await signedIn.GetAsync($"/Account/ConfirmEmailChange?userId={user.Id}&email={Uri.EscapeDataString(newEmail)}&code={escaped}");
        Assert.Equal(HttpStatusCode.BadRequest, change.StatusCode);
        Assert.Contains("Error changing email.", await change.Content.ReadAsStringAsync());

        Assert.Null(await UserAsync(newEmail));
        Assert.Equal(email, (await UserAsync(email))!.Email);
    }

    [Fact]
    public async Task Registration_succeeds_while_the_mail_server_is_unreachable()
    {
        await using var unreachable = factory.WithWebHostBuilder(b => b.UseSetting("Mail:Smtp:Port", SmtpSink.ClosedPort().ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var email = UniqueEmail("patient");

        var registered = await RegisterAsync(unreachable.CreateClient(new() { AllowAutoRedirect = false }), email);

        Assert.True(registered.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.SeeOther, $"Registration answered {(int)registered.StatusCode}");
        Assert.Contains("Account/RegisterConfirmation", registered.Headers.Location!.OriginalString);
        await unreachable.Services.MailsHandledAsync();
        Assert.NotNull(await UserAsync(email));
        Assert.Empty(factory.Smtp.MailsTo(email));
    }
}

public sealed class AccountMailTests(MailAppFactory factory) : AccountMailTests<MailAppFactory>(factory);

public sealed class AccountMailTestsOnPostgres(PostgresMailAppFactory factory) : AccountMailTests<PostgresMailAppFactory>(factory);

using System.Text;
using CommentModeration.Data.Entities;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;

namespace CommentModeration.Web.Mail;

/// <summary>
/// The mails an account gets: confirm the address, confirm a new address, reset the password.
/// Each carries a link with a token from Identity, absolute from <see cref="SiteAddress"/>, and
/// goes through the <see cref="MailOutbox"/>: the page answers at once and the same whether or not
/// a mail went, and a mail server that fails fails no page. Also Identity's own mail sender.
/// </summary>
public sealed class AccountMail(UserManager<ApplicationUser> users, SiteAddress site, MailOutbox outbox) : IEmailSender<ApplicationUser>
{
    public async Task SendAddressConfirmationAsync(ApplicationUser user, string email, string? returnUrl = null)
    {
        var code = Encode(await users.GenerateEmailConfirmationTokenAsync(user));
        var query = new Dictionary<string, string?> { ["userId"] = user.Id, ["code"] = code };
        if (!string.IsNullOrEmpty(returnUrl)) query["returnUrl"] = returnUrl;
        await SendConfirmationLinkAsync(user, email, site.Absolute(QueryHelpers.AddQueryString("Account/ConfirmEmail", query)));
    }

    public async Task SendAddressChangeConfirmationAsync(ApplicationUser user, string newEmail)
    {
        var code = Encode(await users.GenerateChangeEmailTokenAsync(user, newEmail));
        var link = site.Absolute(QueryHelpers.AddQueryString("Account/ConfirmEmailChange",
            new Dictionary<string, string?> { ["userId"] = user.Id, ["email"] = newEmail, ["code"] = code }));
        Queue(user, "email change", new OutgoingMail(newEmail, "Confirm your new email address", new MailBody()
            .Paragraph($"Hello {NameOf(user)},")
            .Paragraph("you asked to use this address for your account. Your address changes once you follow this link:")
            .Link("Use this address", link)
            .Paragraph("If you did not ask for this, ignore this mail: your account keeps its address.")));
    }

    public async Task SendPasswordResetAsync(ApplicationUser user, string email)
    {
        var code = Encode(await users.GeneratePasswordResetTokenAsync(user));
        await SendPasswordResetLinkAsync(user, email, site.Absolute(QueryHelpers.AddQueryString("Account/ResetPassword", "code", code)));
    }

    /// <remarks>Links come as plain addresses (this site's pages pass them so); the body encodes them.</remarks>
    public Task SendConfirmationLinkAsync(ApplicationUser user, string email, string confirmationLink)
    {
        Queue(user, "address confirmation", new OutgoingMail(email, "Confirm your email address", new MailBody()
            .Paragraph($"Hello {NameOf(user)},")
            .Paragraph("please confirm that this is your address. Your account can sign in once you follow this link:")
            .Link("Confirm my address", confirmationLink)
            .Paragraph("If you did not create an account, ignore this mail: nothing happens without the link.")));
        return Task.CompletedTask;
    }

    public Task SendPasswordResetLinkAsync(ApplicationUser user, string email, string resetLink)
    {
        Queue(user, "password reset", new OutgoingMail(email, "Reset your password", new MailBody()
            .Paragraph($"Hello {NameOf(user)},")
            .Paragraph("someone asked to reset the password of your account. Choose a new one here:")
            .Link("Choose a new password", resetLink)
            .Paragraph("If it was not you, ignore this mail: your password stays as it is.")));
        return Task.CompletedTask;
    }

    public Task SendPasswordResetCodeAsync(ApplicationUser user, string email, string resetCode)
    {
        Queue(user, "password reset code", new OutgoingMail(email, "Reset your password", new MailBody()
            .Paragraph($"Hello {NameOf(user)},")
            .Paragraph($"the code to reset your password is {resetCode}")
            .Paragraph("If it was not you who asked, ignore this mail: your password stays as it is.")));
        return Task.CompletedTask;
    }

    private void Queue(ApplicationUser user, string what, OutgoingMail mail) => outbox.Enqueue($"{what} for user {user.Id}", mail);

    private static string Encode(string token) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));

    private static string NameOf(ApplicationUser user) =>
        string.IsNullOrWhiteSpace(user.DisplayName) ? user.UserName ?? user.Email ?? "" : user.DisplayName;
}

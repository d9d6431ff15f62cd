using System.Net;
using CommentModeration.Web.Tests.Infrastructure;

namespace CommentModeration.Web.Tests.Mail;

/// <summary>Its own app: the limit on account forms that send mail counts every post from the address.</summary>
public abstract class AccountMailLimitTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : AppFactory
{
    [Fact]
    public async Task Account_forms_that_send_mail_are_limited_per_address_apart_from_sign_in()
    {
        var client = factory.CreateBrowserClient();
        var form = new Dictionary<string, string> { ["Input.Email"] = $"target-{Guid.NewGuid():N}@example.org" };

        for (var post = 1; post <= 10; post++)
        {
            var allowed = await client.SubmitFormAsync("/Account/ResendEmailConfirmation", "form[method='post']", form);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }
        var refused = await client.SubmitFormAsync("/Account/ForgotPassword", "form[method='post']", form);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("Too many account requests", await refused.Content.ReadAsStringAsync());
        Assert.NotNull(refused.Headers.RetryAfter);
        var signIn = await client.SubmitFormAsync("/Account/Login", "form", new Dictionary<string, string>
        {
            ["Input.Email"] = "nobody@example.org",
            ["Input.Password"] = "Not-a-password-1",
        });
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
    }
}

public sealed class AccountMailLimitTests(AppFactory factory) : AccountMailLimitTests<AppFactory>(factory);

public sealed class AccountMailLimitTestsOnPostgres(PostgresAppFactory factory) : AccountMailLimitTests<PostgresAppFactory>(factory);

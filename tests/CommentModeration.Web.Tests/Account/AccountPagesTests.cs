using System.Net;
using CommentModeration.Web.Tests.Articles;
using CommentModeration.Web.Tests.Infrastructure;

namespace CommentModeration.Web.Tests.Account;

/// <summary>Account pages reached out of turn answer with a way on, never an error page; return addresses never lead off the site.</summary>
public abstract class AccountPagesTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : AccountAppFactory
{
    private const string Password = ReaderArrange.Password;

    [Theory]
    [InlineData("/Account/LoginWith2fa")]
    [InlineData("/Account/LoginWithRecoveryCode")]
    public async Task A_second_factor_page_without_a_password_sign_in_first_sends_the_visitor_to_sign_in(string url)
    {
        var client = factory.CreateBrowserClient();

        var response = await client.GetAsync(url);

        Assert.Equal("/Account/Login", response.RedirectTarget().AbsolutePath);
        var signIn = await client.GetAsync(response.RedirectTarget());
        Assert.Equal("Error: Sign in with your password first.", await signIn.AlertTextAsync());
    }

    [Theory]
    [InlineData("/Account/Manage/Disable2fa")]
    [InlineData("/Account/Manage/GenerateRecoveryCodes")]
    public async Task A_2FA_management_page_for_an_account_without_2FA_leads_back_to_the_2FA_page_with_a_message(string url)
    {
        var client = await factory.SignedInClientAsync(AccountAppFactory.UniqueEmail("reader"));

        var response = await client.GetAsync(url);

        Assert.Equal("/Account/Manage/TwoFactorAuthentication", response.RedirectTarget().AbsolutePath);
        var page = await client.GetAsync(response.RedirectTarget());
        Assert.Equal("Two-factor authentication is not enabled for your account.", await page.AlertTextAsync());
    }

    [Theory]
    [InlineData("/Account/PasskeyRequestOptions")]
    [InlineData("/Account/PasskeyCreationOptions")]
    public async Task Passkey_options_without_the_antiforgery_token_are_refused_with_400(string url)
    {
        var client = factory.CreateBrowserClient();
        var loginPage = await client.GetDocumentAsync("/Account/Login");

        var response = await client.PostAsync(url, content: null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        // With the token the sign-in page hands its script, the options come.
        var passkey = loginPage.QuerySelector("passkey-submit")!;
        var request = new HttpRequestMessage(HttpMethod.Post, "/Account/PasskeyRequestOptions");
        request.Headers.Add(passkey.GetAttribute("request-token-name")!, passkey.GetAttribute("request-token-value"));
        var options = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, options.StatusCode);
        Assert.Equal("application/json", options.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Signing_in_goes_to_a_return_address_on_the_site_and_home_for_any_other()
    {
        var email = AccountAppFactory.UniqueEmail("return");
        await factory.CreateUserAsync(email, Password);
        var cases = new Dictionary<string, string>
        {
            ["https://evil.example/"] = "/",
            ["//evil.example/"] = "/",
            ["/\\evil.example"] = "/",
            ["http://localhost.evil.example/"] = "/",
            ["/Account/Manage"] = "/Account/Manage",
            ["Account/Manage"] = "/Account/Manage",
            // What the sign-in redirect of a protected page carries: the page's full address on this site.
            ["http://localhost/Account/Manage"] = "/Account/Manage",
        };

        foreach (var (returnUrl, expected) in cases)
        {
            var response = await factory.CreateBrowserClient().SignInAsync(email, Password, returnUrl);

            var target = response.RedirectTarget();
            Assert.True(target.Host == "localhost" && target.AbsolutePath == expected, $"{returnUrl} led to {target}.");
        }
    }

    [Theory]
    [InlineData("/evil.example")]
    [InlineData("//evil.example")]
    [InlineData("https://evil.example/")]
    public async Task Logging_out_with_an_off_site_return_address_goes_home(string returnUrl)
    {
        var client = await factory.SignedInClientAsync(AccountAppFactory.UniqueEmail("reader"));

        var response = await client.SignOutAsync(returnUrl);

        var target = response.RedirectTarget();
        Assert.Equal("localhost", target.Host);
        Assert.Equal("/", target.AbsolutePath);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/Account/Manage")).StatusCode);
    }

    [Fact]
    public async Task The_error_page_says_what_happened_without_the_templates_development_advice()
    {
        var response = await factory.CreateClient().GetAsync("/Error");

        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("An error occurred while processing your request.", html);
        Assert.DoesNotContain("Development Mode", html);
        Assert.DoesNotContain("ASPNETCORE_ENVIRONMENT", html);
    }
}

public sealed class AccountPagesTests(AccountAppFactory factory) : AccountPagesTests<AccountAppFactory>(factory);

public sealed class AccountPagesTestsOnPostgres(PostgresAccountAppFactory factory) : AccountPagesTests<PostgresAccountAppFactory>(factory);

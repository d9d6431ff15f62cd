using System.Net;
using CommentModeration.Web.Tests.Articles;
using CommentModeration.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CommentModeration.Web.Tests.Account;

/// <summary>What responses say about themselves: cookies kept to HTTPS when the site is reached over HTTPS, and forms that change or hand out data checked for their token.</summary>
public abstract class ResponseHeaderTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : AccountAppFactory
{
    private const string Password = ReaderArrange.Password;

    private static IEnumerable<string> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [];

    [Fact]
    public async Task Every_cookie_set_over_HTTPS_is_marked_Secure()
    {
        var email = AccountAppFactory.UniqueEmail("https");
        await factory.CreateUserAsync(email, Password);
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("https"));
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("https://localhost"),
            AllowAutoRedirect = false,
            HandleCookies = true,
        });
        var cookies = new List<string>();

        var loginPage = await client.GetAsync("/Account/Login");
        cookies.AddRange(SetCookies(loginPage));
        cookies.AddRange(SetCookies(await client.SignInAsync(email, Password)));
        cookies.AddRange(SetCookies(await factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost") })
            .GetAsync("/articles/" + article.Slug)));

        Assert.Contains(cookies, c => c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
        Assert.Contains(cookies, c => c.StartsWith(".AspNetCore.Identity.Application=", StringComparison.Ordinal));
        Assert.All(cookies, c => Assert.Contains("; secure", c, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Personal_data_is_handed_out_only_to_a_post_carrying_the_antiforgery_token()
    {
        var email = AccountAppFactory.UniqueEmail("data");
        var client = await factory.SignedInClientAsync(email);

        var forged = await client.PostAsync("/Account/Manage/DownloadPersonalData", new FormUrlEncodedContent([]));
        // The page's form, as a browser posts it (its action is relative to the site's base, "/").
        var page = await client.GetDocumentAsync("/Account/Manage/PersonalData");
        var token = page.QuerySelector("form[action='Account/Manage/DownloadPersonalData'] input[name='__RequestVerificationToken']")!.GetAttribute("value")!;
        var genuine = await client.PostAsync("/Account/Manage/DownloadPersonalData",
            new FormUrlEncodedContent([new KeyValuePair<string, string>("__RequestVerificationToken", token)]));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.DoesNotContain(email, await forged.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, genuine.StatusCode);
        Assert.Contains(email, await genuine.Content.ReadAsStringAsync());
    }
}

public sealed class ResponseHeaderTests(AccountAppFactory factory) : ResponseHeaderTests<AccountAppFactory>(factory);

public sealed class ResponseHeaderTestsOnPostgres(PostgresAccountAppFactory factory) : ResponseHeaderTests<PostgresAccountAppFactory>(factory);

/// <summary>The app on a real Kestrel socket: the server header is Kestrel's own doing, which the in-memory test server never sends.</summary>
public sealed class KestrelAppFactory : AppFactory
{
    public KestrelAppFactory() => UseKestrel(0);
}

public sealed class ServerHeaderTests(KestrelAppFactory factory) : IClassFixture<KestrelAppFactory>
{
    [Fact]
    public async Task Responses_do_not_name_the_server()
    {
        factory.StartServer();
        var client = factory.CreateClient();

        var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Server"), "Server: " + string.Join(",", response.Headers.TryGetValues("Server", out var server) ? server : []));
    }
}

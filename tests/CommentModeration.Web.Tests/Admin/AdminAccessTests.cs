using System.Net;
using CommentModeration.Web.Tests.Infrastructure;

namespace CommentModeration.Web.Tests.Admin;

public abstract class AdminAccessTests<TFactory>(TFactory host) : IClassFixture<TFactory>
    where TFactory : AdminHost
{
    public static TheoryData<string, string> AdminPages => new()
    {
        { "/admin", "Admin" },
        { "/admin/settings", "Discussion settings" },
        { "/admin/articles", "Articles" },
        { "/admin/articles/new", "New article" },
        { "/admin/users", "Users and roles" },
        { "/admin/rules", "Rules" },
        { "/admin/rules/new", "New rule" },
        { "/admin/rules/word-lists", "Word lists" },
        { "/admin/rules/try", "Try it" },
        { "/admin/rules/backtest", "Backtest" },
        { "/admin/rules/revisions", "Revisions" },
        { "/admin/rules/file", "Import, export, starter packs" },
        { "/admin/webhooks", "Webhooks" },
    };

    public static TheoryData<string> AdminUrls => new(AdminPages.Select(row => (string)row[0]));

    [Theory]
    [MemberData(nameof(AdminUrls))]
    public async Task Anonymous_visitor_is_sent_to_login(string url)
    {
        var response = await host.CreateBrowserClient().GetAsync(url);

        AssertSentTo("/Account/Login", response);
    }

    [Theory]
    [MemberData(nameof(AdminUrls))]
    public async Task Moderator_without_admin_role_is_refused(string url)
    {
        var client = await host.SignedInClientAsync(AdminHost.ModeratorEmail);

        var response = await client.GetAsync(url);

        AssertSentTo("/Account/AccessDenied", response);
    }

    [Theory]
    [MemberData(nameof(AdminUrls))]
    public async Task Signed_in_reader_is_refused(string url)
    {
        var client = await host.SignedInClientAsync(AdminHost.ReaderEmail);

        var response = await client.GetAsync(url);

        AssertSentTo("/Account/AccessDenied", response);
    }

    [Theory]
    [MemberData(nameof(AdminPages))]
    public async Task Admin_sees_the_page(string url, string heading)
    {
        var client = await host.SignedInClientAsync(AdminHost.AdminEmail);

        var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains($">{heading}</", html);
        Assert.Contains("Users and roles", html); // the admin nav
    }

    private static void AssertSentTo(string path, HttpResponseMessage response)
    {
        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found, $"Expected a redirect, got {(int)response.StatusCode}.");
        var location = new Uri(new Uri("http://localhost/"), response.Headers.Location!);
        Assert.Equal(path, location.AbsolutePath, StringComparer.OrdinalIgnoreCase);
    }
}

public sealed class AdminAccessTests(AdminHost host) : AdminAccessTests<AdminHost>(host);

public sealed class AdminAccessTestsOnPostgres(PostgresAdminHost host) : AdminAccessTests<PostgresAdminHost>(host);

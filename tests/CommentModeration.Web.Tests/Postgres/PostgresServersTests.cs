using System.Net;
using CommentModeration.Web.Tests.Account;
using CommentModeration.Web.Tests.Articles;
using CommentModeration.Web.Seeding;
using CommentModeration.Web.Tests.Infrastructure;
using CommentModeration.Web.Tests.Seeding;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;

namespace CommentModeration.Web.Tests.Postgres;

/// <summary>Several servers of one site on one PostgreSQL database.</summary>
public sealed class PostgresServersTests
{
    [Fact]
    public async Task Two_servers_starting_together_on_an_empty_database_both_come_up_on_one_schema_one_key_and_one_demo()
    {
        await using var first = PostgresAppFactory.OnEmptyDatabase();
        first.Settings["Demo:Seed"] = "true";
        first.Settings["Demo:Password"] = SeededAppFactory.Password;
        await using var second = first.AnotherServer();

        await Task.WhenAll(Task.Run(() => first.Server), Task.Run(() => second.Server));

        foreach (var server in new[] { first, second })
        {
            Assert.Equal(HttpStatusCode.OK, (await server.CreateClient().GetAsync("/Account/Login")).StatusCode);
        }
        await using var db = first.CreateDbContext();
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
        // The second found the first's key rather than making its own.
        Assert.Single(await db.DataProtectionKeys.ToListAsync());
        // One demo: each article once, each with the comments one seed gives it.
        var slugs = await db.Articles.Select(a => a.Slug).ToListAsync();
        Assert.Equal(DemoContent.Articles(SeedArticleText.Load()).Select(a => a.Slug).Order(), slugs.Order());
        Assert.Equal(SeededAppFactory.DemoCommentCount, await db.Comments.CountAsync());
    }

    [Fact]
    public async Task A_sign_in_form_from_one_server_posts_to_the_other_and_its_cookie_signs_the_reader_in_on_the_first()
    {
        await using var first = new PostgresAppFactory();
        await using var second = first.AnotherServer();
        var email = AccountAppFactory.UniqueEmail("servers");
        await first.CreateUserAsync(email, ReaderArrange.Password);
        // One browser, its requests spread over both servers: one cookie jar, two servers behind one address.
        var jar = new CookieContainer();
        var throughFirst = first.CreateDefaultClient(new CookieContainerHandler(jar));
        var throughSecond = second.CreateDefaultClient(new CookieContainerHandler(jar));

        // The form, its antiforgery cookie and token from the first server; the post to the second.
        var signIn = await throughFirst.SubmitFormAsync("/Account/Login", "main form",
            new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = ReaderArrange.Password },
            submitTo: throughSecond);
        Assert.Equal("/", signIn.RedirectTarget().AbsolutePath);

        // The second server's sign-in cookie is good on the first.
        var profile = await throughFirst.GetDocumentAsync("/Account/Manage");
        Assert.Equal(email.Split('@')[0], profile.QuerySelector("input[name='Input.DisplayName']")?.GetAttribute("value"));
    }
}

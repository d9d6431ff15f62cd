using System.Net;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Tests.Articles;
using CommentModeration.Web.Tests.Infrastructure;

namespace CommentModeration.Web.Tests.Account;

/// <summary>
/// Wrong passwords slow guessing per account with growing waits, but never lock the account's own
/// people out: a browser that signed in to the account before passes with the right password.
/// </summary>
public abstract class SignInThrottleTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : AccountAppFactory
{
    private const string Password = ReaderArrange.Password;

    [Fact]
    public async Task Wrong_passwords_from_a_stranger_do_not_keep_the_moderator_out_of_a_browser_they_signed_in_with_before()
    {
        var email = AccountAppFactory.UniqueEmail("moderator");
        var moderator = await factory.SignedInClientAsync(email, Roles.Moderator);
        await moderator.SignOutAsync();
        var attacker = factory.CreateBrowserClient();

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var wrong = await attacker.SignInAsync(email, $"wrong-{attempt}");
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
            Assert.Contains("Invalid login attempt", await wrong.AlertTextAsync());
        }
        var attackerWithTheRightPassword = await attacker.SignInAsync(email, Password);
        var back = await moderator.SignInAsync(email, Password);

        // The stranger is held off even with the right password, so the wait tells a guesser nothing.
        Assert.Equal(HttpStatusCode.TooManyRequests, attackerWithTheRightPassword.StatusCode);
        Assert.Contains("Too many failed sign-ins for this account", await attackerWithTheRightPassword.AlertTextAsync());
        Assert.Equal("/", back.RedirectTarget().AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, (await moderator.GetAsync("/moderation")).StatusCode);
        await using var db = factory.CreateDbContext();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        Assert.Null(user.LockoutEnd);
    }

    [Fact]
    public async Task Each_failure_past_the_fifth_doubles_the_wait_for_every_browser_without_the_account()
    {
        var email = AccountAppFactory.UniqueEmail("reader");
        await factory.CreateUserAsync(email, Password);
        var first = factory.CreateBrowserClient();
        var second = factory.CreateBrowserClient();
        for (var attempt = 1; attempt <= 5; attempt++) await first.SignInAsync(email, $"wrong-{attempt}");

        var refused = await second.SignInAsync(email, "another-guess");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(30), refused.Headers.RetryAfter?.Delta);

        factory.Clock.Advance(TimeSpan.FromSeconds(30));
        var sixth = await second.SignInAsync(email, "wrong-6");
        Assert.Equal(HttpStatusCode.OK, sixth.StatusCode);
        Assert.Contains("Invalid login attempt", await sixth.AlertTextAsync());

        factory.Clock.Advance(TimeSpan.FromSeconds(30));
        var early = await first.SignInAsync(email, Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, early.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(30), early.Headers.RetryAfter?.Delta);

        factory.Clock.Advance(TimeSpan.FromSeconds(30));
        var signedIn = await first.SignInAsync(email, Password);
        Assert.Equal("/", signedIn.RedirectTarget().AbsolutePath);

        // The right password clears the account's failures: a slip afterwards starts from nothing.
        var slip = await second.SignInAsync(email, "wrong-again");
        Assert.Equal(HttpStatusCode.OK, slip.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await second.SignInAsync(email, Password)).StatusCode);
    }

    [Fact]
    public async Task A_known_browser_that_guesses_wrong_is_slowed_on_its_own()
    {
        var email = AccountAppFactory.UniqueEmail("known");
        var known = await factory.SignedInClientAsync(email);
        await known.SignOutAsync();

        for (var attempt = 1; attempt <= 5; attempt++) await known.SignInAsync(email, $"wrong-{attempt}");
        var held = await known.SignInAsync(email, Password);

        Assert.Equal(HttpStatusCode.TooManyRequests, held.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await factory.CreateBrowserClient().SignInAsync(email, Password)).StatusCode);
    }
}

public sealed class SignInThrottleTests(AccountAppFactory factory) : SignInThrottleTests<AccountAppFactory>(factory);

public sealed class SignInThrottleTestsOnPostgres(PostgresAccountAppFactory factory) : SignInThrottleTests<PostgresAccountAppFactory>(factory);

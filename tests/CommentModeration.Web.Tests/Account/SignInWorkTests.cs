using System.Net;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Tests.Articles;
using CommentModeration.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CommentModeration.Web.Tests.Account;

/// <summary>Identity's own password hasher, counting how often it checks a password.</summary>
public sealed class CountingPasswordHasher : PasswordHasher<ApplicationUser>
{
    private int _verifications;

    public int Verifications => Volatile.Read(ref _verifications);

    public override PasswordVerificationResult VerifyHashedPassword(ApplicationUser user, string hashedPassword, string providedPassword)
    {
        Interlocked.Increment(ref _verifications);
        return base.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }
}

public class CountingHasherAppFactory : AccountAppFactory
{
    public CountingPasswordHasher Hasher { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<IPasswordHasher<ApplicationUser>>();
            services.AddSingleton<IPasswordHasher<ApplicationUser>>(Hasher);
        });
    }
}

/// <summary>A sign-in does the same work and gives the same answer whether the account exists or not, so neither time nor text tells who has one.</summary>
public abstract class SignInWorkTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : CountingHasherAppFactory
{
    private const string Password = ReaderArrange.Password;

    private async Task<(HttpResponseMessage Response, int Hashes)> AttemptAsync(string email, string password)
    {
        var client = factory.CreateBrowserClient();
        await client.GetAsync("/Account/Login");
        var before = factory.Hasher.Verifications;
        var response = await client.SignInAsync(email, password);
        return (response, factory.Hasher.Verifications - before);
    }

    [Fact]
    public async Task A_password_is_checked_once_and_a_wrong_one_reads_the_same_for_a_real_an_unconfirmed_and_an_unknown_account()
    {
        var real = AccountAppFactory.UniqueEmail("real");
        await factory.CreateUserAsync(real, Password);
        var unconfirmed = AccountAppFactory.UniqueEmail("unconfirmed");
        await factory.CreateUserAsync(unconfirmed, Password);
        await using (var db = factory.CreateDbContext())
        {
            await db.Users.Where(u => u.Email == unconfirmed).ExecuteUpdateAsync(u => u.SetProperty(x => x.EmailConfirmed, false));
        }

        foreach (var email in new[] { real, unconfirmed, AccountAppFactory.UniqueEmail("nobody") })
        {
            var (response, hashes) = await AttemptAsync(email, "not-the-password");

            Assert.Equal(1, hashes);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("Error: Invalid login attempt.", await response.AlertTextAsync());
        }
        var (signedIn, rightHashes) = await AttemptAsync(real, Password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal(1, rightHashes);
    }

    [Fact]
    public async Task Guesses_at_an_unknown_account_are_held_off_like_guesses_at_a_real_one()
    {
        var real = AccountAppFactory.UniqueEmail("held");
        await factory.CreateUserAsync(real, Password);
        var unknown = AccountAppFactory.UniqueEmail("held-nobody");
        var answers = new List<(HttpStatusCode, string, TimeSpan?, int)>();

        foreach (var email in new[] { real, unknown })
        {
            for (var attempt = 1; attempt <= 5; attempt++) await AttemptAsync(email, $"wrong-{attempt}");
            var (held, hashes) = await AttemptAsync(email, $"wrong-6");
            answers.Add((held.StatusCode, await held.AlertTextAsync(), held.Headers.RetryAfter?.Delta, hashes));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, answers[0].Item1);
        Assert.Equal(answers[0], answers[1]);
    }
}

public sealed class SignInWorkTests(CountingHasherAppFactory factory) : SignInWorkTests<CountingHasherAppFactory>(factory);

public sealed class SignInWorkTestsOnPostgres(PostgresCountingHasherAppFactory factory) : SignInWorkTests<PostgresCountingHasherAppFactory>(factory);

using CommentModeration.Data;
using CommentModeration.Data.Entities;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace CommentModeration.Web.Tests.Infrastructure;

/// <summary>
/// The real app over a real SQLite file of its own (deleted on dispose), with the repository
/// root as content root, no demo seed, and a clock the test moves.
/// </summary>
public class AppFactory : WebApplicationFactory<Program>
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "cm-web-tests", Guid.NewGuid().ToString("N"));

    /// <summary>
    /// Starts at the real time, so what the app writes with it (cookie expiries, lockout ends) is judged
    /// alike by the test client, which knows only the real clock; tests move it forward from there.
    /// </summary>
    public FakeTimeProvider Clock { get; private set; } = new(TimeProvider.System.GetUtcNow());

    /// <summary>
    /// Extra configuration a test class sets before the first request. The rules are not looked for
    /// every 5 s unless a class turns it on: tests move the clock by days or months, and the fake clock
    /// fires a periodic timer once for every period it passes (half a million reads for a month).
    /// </summary>
    public Dictionary<string, string?> Settings { get; } = new() { ["Rules:RefreshSeconds"] = "0" };

    public string DatabasePath => Path.Combine(_folder, "test.db");

    /// <summary>The PostgreSQL database the app runs on (<see cref="UsePostgres"/>); null: the SQLite file at <see cref="DatabasePath"/>.</summary>
    public TestDatabase? Postgres { get; private set; }

    private bool _ownsPostgres;

    /// <summary>
    /// Runs the app on PostgreSQL: on a fresh database of its own, migrated (dropped on dispose), or on
    /// <paramref name="shared"/>, as a second server of one site. Call it in a constructor.
    /// </summary>
    protected void UsePostgres(TestDatabase? shared = null) => UsePostgres(shared ?? MigratedDatabase.Create(), owned: shared is null);

    /// <summary>Runs the app on <paramref name="database"/>, which it drops on dispose when <paramref name="owned"/>.</summary>
    protected void UsePostgres(TestDatabase database, bool owned)
    {
        Postgres = database;
        _ownsPostgres = owned;
        Settings["Database:Provider"] = "Postgres";
        Settings["ConnectionStrings:Default"] = Postgres.ConnectionString;
    }

    /// <summary>The relay the app reaches its PostgreSQL database through (<see cref="ReachPostgresThroughRelay"/>), for a test to cut and restore.</summary>
    public TcpRelay? Relay { get; private set; }

    /// <summary>Puts every connection of the app to its PostgreSQL database through a <see cref="TcpRelay"/>. Call in a constructor, after <see cref="UsePostgres"/>.</summary>
    protected void ReachPostgresThroughRelay()
    {
        var (relay, connectionString) = TcpRelay.To(Postgres?.ConnectionString ?? throw new InvalidOperationException("Only an app on PostgreSQL reaches it through a relay."));
        Relay = relay;
        Settings["ConnectionStrings:Default"] = connectionString;
    }

    /// <summary>A second server of the same site: its own process state (caches, keys in memory), this one's PostgreSQL database and settings.</summary>
    public PostgresAppFactory AnotherServer()
    {
        var other = new PostgresAppFactory(Postgres ?? throw new InvalidOperationException("Only an app on PostgreSQL has other servers."));
        // The servers of one site keep one time (NTP): the flood check compares one server's comment times with another's.
        other.Clock = Clock;
        foreach (var (key, value) in Settings) other.Settings.TryAdd(key, value);
        return other;
    }

    /// <summary>Where the app writes its mails as .eml files when no SMTP server is configured.</summary>
    public string MailFolder => Path.Combine(_folder, "mail");

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(_folder);
        builder.UseContentRoot(RepositoryRoot);
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Default", $"Data Source={DatabasePath}");
        builder.UseSetting("Demo:Seed", "false");
        builder.UseSetting("DataProtection:KeysFolder", Path.Combine(_folder, "keys"));
        builder.UseSetting("Mail:PickupFolder", MailFolder);
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        });
    }

    /// <summary>Starts the server (migrating the database) and returns a scope's DbContext for arranging and asserting.</summary>
    public AppDbContext CreateDbContext()
    {
        _ = Server;
        return Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();
    }

    public async Task<ApplicationUser> CreateUserAsync(string email, string password, params string[] roles)
    {
        _ = Server;
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var roleManager = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        var user = new ApplicationUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = email.Split('@')[0],
            CreatedAt = Clock.GetUtcNow(),
        };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded) throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
        foreach (var role in roles)
        {
            if (!await roleManager.RoleExistsAsync(role)) await roleManager.CreateAsync(new IdentityRole(role));
            await users.AddToRoleAsync(user, role);
        }
        return user;
    }

    /// <summary>A client that keeps cookies and does not follow redirects, so tests see the 302/303 and where it points.</summary>
    public HttpClient CreateBrowserClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing) return;
        Relay?.Dispose();
        if (_ownsPostgres) Postgres?.Drop();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CommentModeration.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("The repository root (CommentModeration.sln) was not found above " + AppContext.BaseDirectory);
    }
}

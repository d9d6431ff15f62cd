using CommentModeration.Data;
using CommentModeration.Data.Comments;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Accounts;
using CommentModeration.Web.Admin;
using CommentModeration.Web.Api;
using CommentModeration.Web.Appeals;
using CommentModeration.Web.Components;
using CommentModeration.Web.Articles;
using CommentModeration.Web.Components.Account;
using CommentModeration.Web.Mail;
using CommentModeration.Web.Moderation;
using CommentModeration.Web.Rules;
using CommentModeration.Web.Servers;
using CommentModeration.Web.Webhooks;
using CommentModeration.Web.WordPress;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption.ConfigurationModel;
using Microsoft.AspNetCore.Identity;
using MudBlazor.Services;

namespace CommentModeration.Web.Hosting;

/// <summary>The host's table of contents: every service and every piece of the pipeline, in order.</summary>
public static class CommentModerationHosting
{
    public static IHostApplicationBuilder AddCommentModeration(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var contentRoot = builder.Environment.ContentRootPath;

        // Static web assets (blazor.web.js, MudBlazor's css) from the build output in every environment.
        builder.WebHost.UseStaticWebAssets();
        // No "Server: Kestrel" on every response: it tells an attacker what to look up.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);

        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();

        var connectionString = builder.Configuration.GetConnectionString("Default")
            ?? throw new InvalidOperationException("ConnectionStrings:Default is not set.");
        var provider = DatabaseProviders.Parse(builder.Configuration["Database:Provider"]);
        services.AddCommentModerationData(provider, connectionString, contentRoot);
        services.AddCommentKernel<CommentFollowUp>();

        services.AddCascadingAuthenticationState();
        services.AddScoped<IdentityRedirectManager>();
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();
        services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();
        services.AddAuthorization();
        services.AddIdentityCore<ApplicationUser>(options =>
            {
                options.SignIn.RequireConfirmedAccount = true;
                options.Stores.SchemaVersion = IdentitySchemaVersions.Version3;
                options.User.RequireUniqueEmail = true;
                // Counts wrong second-factor codes only: wrong passwords go to SignInThrottle, which locks no one out.
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddRoles<IdentityRole>()
            .AddClaimsPrincipalFactory<DisplayNameClaimsFactory>()
            .AddEntityFrameworkStores<AppDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();
        services.AddPasswordSignIn(builder.Configuration);
        // Like Identity's cookies: Secure whenever the request came over HTTPS (the default sends it over HTTP too).
        services.AddAntiforgery(options => options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        // Cookies are checked against the user's security stamp and roles as often as open circuits are (default: 30 minutes),
        // each user's check remembered for that long so that no client costs a lookup per request.
        services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = IdentityRevalidatingAuthenticationStateProvider.Interval);
        services.AddMemoryCache();
        services.AddScoped<ISecurityStampValidator, CachedSecurityStampValidator>();

        // Keys survive restarts, so people stay signed in and forms posted across a restart still validate.
        // AES-256-GCM instead of the default CBC + HMAC: one pass instead of two, and every anonymous
        // page view protects two antiforgery tokens. Keys made before keep decrypting as they were made.
        var dataProtection = services.AddDataProtection()
            .SetApplicationName("CommentModeration")
            .UseCryptographicAlgorithms(new AuthenticatedEncryptorConfiguration
            {
                EncryptionAlgorithm = EncryptionAlgorithm.AES_256_GCM,
                ValidationAlgorithm = ValidationAlgorithm.HMACSHA256,
            });
        // On PostgreSQL in the database, which every server reads: a cookie or form from one verifies on all.
        if (provider == DatabaseProvider.Postgres) dataProtection.PersistKeysToDbContext<AppDbContext>();
        else dataProtection.PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(contentRoot, builder.Configuration["DataProtection:KeysFolder"] ?? "App_Data/keys")));

        services.AddSingleton(TimeProvider.System);
        services.AddReverseProxy(builder.Configuration);

        // Before the features: on PostgreSQL it chooses the moderation notifier that reaches every server.
        services.AddServers(provider, connectionString);
        services.AddMail(builder.Configuration, contentRoot);
        services.AddReaderSite(builder.Configuration);
        services.AddModeration(builder.Configuration);
        services.AddAppeals();
        services.AddRules(builder.Configuration);
        services.AddAdmin(builder.Configuration);
        services.AddWordPress();
        services.AddWebhooks(builder.Configuration);
        services.AddAccounts();
        services.AddApi();
        return builder;
    }

    public static WebApplication UseCommentModeration(this WebApplication app)
    {
        // First: every later step (HTTPS redirection, rate limits, flood control) must see the client, not the proxy.
        if (ReverseProxy.IsConfigured(app.Configuration)) app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler(new ExceptionHandlerOptions
            {
                ExceptionHandlingPath = "/Error",
                CreateScopeForErrors = true,
                // The database out of reach is no error of the site: 503, and the Error page says "try again shortly".
                StatusCodeSelector = DatabaseUnavailable.StatusCodeOf,
            });
            app.UseHsts();
            app.UseHttpsRedirection();
        }
        app.UseSecurityHeaders();
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseApiErrors();

        app.UseStaticFiles();
        // After the security headers, so a staff page's sign-in redirect or 403 carries them too.
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        // Outside the output cache: fills a fresh antiforgery token into cached and uncached reader pages.
        app.UseMiddleware<AntiforgeryTokenInjection>();
        // Inside the token injection (the page it keeps holds placeholders); signed-in readers only, whom the output cache skips.
        app.UseMiddleware<SignedInReaderPages>();
        app.UseOutputCache();
        app.UseAntiforgery();

        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode().WithStaticReaderPages();
        app.MapAdditionalIdentityEndpoints();
        app.MapWordPressExport();
        app.MapTransparencyExport();
        app.MapApi();
        app.MapCommentPermalinks();
        return app;
    }
}

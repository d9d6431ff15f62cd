using CommentModeration.Data.Entities;
using Microsoft.AspNetCore.Identity;
using MimeKit;

namespace CommentModeration.Web.Mail;

/// <summary>The Mail feature's services, called from the host's table of contents: every mail the site sends goes through them.</summary>
public static class MailSetup
{
    public const string DefaultPickupFolder = "App_Data/mail";

    public static IServiceCollection AddMail(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var publicUrl = SiteAddress.Parse(configuration[SiteAddress.ConfigurationKey]);
        var from = ParseFrom(configuration["Mail:From"]);
        services.AddSingleton(provider => new SiteAddress(publicUrl, provider));

        var smtp = configuration.GetSection("Mail:Smtp").Get<SmtpSettings>();
        if (!string.IsNullOrWhiteSpace(smtp?.Host)) services.AddSingleton<IMailTransport>(new SmtpMailTransport(smtp));
        else
        {
            var folder = Path.Combine(contentRoot, configuration["Mail:PickupFolder"] ?? DefaultPickupFolder);
            services.AddSingleton<IMailTransport>(provider => new PickupFolderMailTransport(folder,
                provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILogger<PickupFolderMailTransport>>()));
        }

        services.AddSingleton<MailOutbox>();
        services.AddHostedService(provider => new MailOutboxSender(provider.GetRequiredService<MailOutbox>(), provider.GetRequiredService<IMailTransport>(),
            from, provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILogger<MailOutboxSender>>()));
        services.AddSingleton<CommentLinks>();
        services.AddSingleton<ReplyMail>();
        services.AddScoped<AccountMail>();
        services.AddScoped<IEmailSender<ApplicationUser>>(provider => provider.GetRequiredService<AccountMail>());
        return services;
    }

    private static MailboxAddress ParseFrom(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return new MailboxAddress("Comments", "comments@localhost");
        if (MailboxAddress.TryParse(value, out var address)) return address;
        throw new InvalidOperationException($"Mail:From must be a mail address, e.g. \"Comments <comments@example.com>\"; it is \"{value}\".");
    }
}

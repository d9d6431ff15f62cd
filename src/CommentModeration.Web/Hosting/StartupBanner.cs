using System.Text;
using CommentModeration.Web.Seeding;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace CommentModeration.Web.Hosting;

/// <summary>What the console shows once the server is up: the addresses it listens on and the demo accounts.</summary>
public static class StartupBanner
{
    /// <summary>The line that starts each address; the E2E fixture reads the port from it.</summary>
    public const string ListeningPrefix = "CommentModeration listening on ";

    public static string Text(IServiceProvider services, DemoSeedReport? report)
    {
        var text = new StringBuilder();
        text.AppendLine();
        var addresses = services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (var address in addresses) text.AppendLine(ListeningPrefix + address);
        if (report is not null) text.Append(Accounts(report.Accounts));
        text.AppendLine();
        return text.ToString();
    }

    public static string Accounts(DemoAccountsReport accounts)
    {
        var text = new StringBuilder();
        text.AppendLine("Demo accounts:");
        foreach (var account in accounts.Accounts)
        {
            text.AppendLine($"  {account.Email,-24} {account.Role ?? "reader"}");
        }
        text.AppendLine(accounts.Source switch
        {
            DemoPasswordSource.Configured => "  password: the one set in Demo:Password (Demo__Password)",
            DemoPasswordSource.GeneratedNow => $"  password: {accounts.Password}   (generated now and shown only this once; set Demo__Password to choose your own)",
            _ => "  password: the one printed when these accounts were created; set Demo__Password to give them one you choose",
        });
        return text.ToString();
    }
}

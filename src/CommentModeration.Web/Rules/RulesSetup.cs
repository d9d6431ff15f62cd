using CommentModeration.Web.Hosting;
using Microsoft.Extensions.Logging.Console;

namespace CommentModeration.Web.Rules;

/// <summary>The Rules feature's services, called from the host's table of contents.</summary>
public static class RulesSetup
{
    public static IServiceCollection AddRules(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<CurrentRuleSet>();
        services.AddSingleton<RuleSetStore>();
        services.AddHostedService<RuleSetLoader>();

        // A CLI verb's stdout is data (`rules check` writes JSONL, `rules export` the file): logs go to stderr.
        if (CommandLine.IsCommand(Environment.GetCommandLineArgs().Skip(1).ToArray()))
        {
            services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        }
        return services;
    }
}

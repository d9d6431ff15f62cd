using CommentModeration.Core.Comments;
using CommentModeration.Data;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Rules;
using CommentModeration.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CommentModeration.Web.Tests.Articles;

/// <summary>
/// A rule whose pattern runs out of time costs the post that triggers it, not the posts queued
/// behind it: the engine reads the text before the post waits for the write gate.
/// </summary>
public sealed class SlowRulePostingTests(SlowRulePostingTests.Factory factory) : IClassFixture<SlowRulePostingTests.Factory>
{
    // Bounded repeats of overlapping classes: on a long run of letters without the final '!' it
    // meets the match timeout on any machine (see the Core RegexTimeoutTests).
    private const string SlowPattern = @"\w{1,30}[a-z]{1,30}\w{1,30}[a-z]{1,30}\w{1,30}!";

    public sealed class Factory : AppFactory
    {
        public CapturedLog Log { get; } = new();

        public Factory()
        {
            Settings["RateLimits:Comments:PermitLimit"] = "100000";
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddSingleton<ILoggerProvider>(Log));
        }
    }

    [Fact]
    public async Task An_attack_post_is_decided_while_another_writer_holds_the_write_gate()
    {
        await using (var db = factory.CreateDbContext())
        {
            db.RuleSetRevisions.Add(new RuleSetRevision
            {
                RulesJson = $$"""{ "rules": [ { "name": "Slow pattern", "action": "spam", "when": { "regex": { "pattern": {{System.Text.Json.JsonSerializer.Serialize(SlowPattern)}} } } } ] }""",
                CreatedByName = "test", CreatedAt = factory.Clock.GetUtcNow(),
            });
            await db.SaveChangesAsync();
        }
        await factory.Services.GetRequiredService<CurrentRuleSet>().ReloadAsync();
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("slow-rule"));
        var guest = factory.CreateBrowserClient();

        Task<HttpResponseMessage> posting;
        await using (var holder = factory.CreateDbContext())
        {
            // Another writer holds the gate: whatever the post does under it cannot happen yet.
            await using var gate = await holder.BeginWriteAsync();
            posting = guest.SubmitFormAsync($"/articles/{article.Slug}", "#commentform",
                ReaderArrange.GuestReply(new string('a', 400), email: "attacker@example.com"));

            await factory.Log.WaitForAsync(m => m.Contains("Slow pattern") && m.Contains("ran out of time"));
            Assert.False(posting.IsCompleted);
            await gate.RollbackAsync();
        }

        var response = await posting;
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        await using var check = factory.CreateDbContext();
        var stored = await check.Comments.SingleAsync(c => c.ArticleId == article.Id);
        Assert.Equal(CommentStatus.Pending, stored.Status);
        Assert.Contains("timed out", stored.VerdictJson);
    }
}

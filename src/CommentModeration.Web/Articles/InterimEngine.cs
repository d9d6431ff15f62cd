// INTERIM until the engine branch lands (engine-api-ready); reverted before merging it.
using CommentModeration.Core.Comments;
using CommentModeration.Core.Discussion;
using CommentModeration.Data;
using Microsoft.EntityFrameworkCore;

namespace CommentModeration.Core.Rules
{
    public sealed record CompiledRuleSet(DiscussionSettings Settings);

    public static class RuleEngine
    {
        public static Verdict Evaluate(CommentCandidate c, CompiledRuleSet rules)
        {
            var s = rules.Settings;
            var hits = new List<RuleHit>();
            void Hit(string key, ModerationAction action, string reason) => hits.Add(new RuleHit { RuleKey = "builtin:" + key, Rule = key, Action = action, Reason = reason, IsBuiltIn = true });
            if (c.Body.Length > DiscussionSettings.MaxCommentLength) Hit("field-limits", ModerationAction.Reject, "Your comment is too long.");
            if (c.AuthorName.Length > DiscussionSettings.MaxAuthorNameLength) Hit("field-limits", ModerationAction.Reject, "Your name is too long.");
            if (c.AuthorEmail.Length > DiscussionSettings.MaxAuthorEmailLength) Hit("field-limits", ModerationAction.Reject, "Your email address is too long.");
            if (c.AuthorUrl.Length > DiscussionSettings.MaxAuthorUrlLength) Hit("field-limits", ModerationAction.Reject, "Your website address is too long.");
            if (string.IsNullOrWhiteSpace(c.Body)) Hit("empty", ModerationAction.Reject, "Please type your comment.");
            if (!c.Author.IsRegistered && s.RequireNameAndEmail && (c.AuthorName.Trim() == "" || c.AuthorEmail.Trim() == "")) Hit("name-email", ModerationAction.Reject, "Please fill the required fields (name, email).");
            if (c.Article.Policy == CommentPolicy.Closed) Hit("closed", ModerationAction.Reject, "Comments are closed.");
            if (c.Activity.Parent is ParentState.Missing or ParentState.NotApproved or ParentState.OtherArticle) Hit("parent", ModerationAction.Reject, "You can only reply to a published comment of this article.");
            if (c.Activity.IsDuplicate) Hit("duplicate", ModerationAction.Reject, "Duplicate comment detected; it looks as though you've already said that!");
            var flood = !c.Author.IsStaff && c.Activity.RecentCommentTimes.Count > 0 && c.Activity.Now - c.Activity.RecentCommentTimes[0] < TimeSpan.FromSeconds(s.FloodIntervalSeconds);
            if (flood) Hit("flood", ModerationAction.Reject, "You are posting comments too quickly. Slow down.");
            if (!c.Author.IsStaff && s.RequirePreviouslyApproved && !c.Author.HasPreviouslyApproved) Hit("previously-approved", ModerationAction.Hold, "The author has no previously approved comment.");
            if (!c.Author.IsStaff && s.ManualApproval) Hit("manual", ModerationAction.Hold, "Manual approval.");
            if (hits.Count == 0) return new Verdict { Action = ModerationAction.Publish };
            var top = hits.MaxBy(h => h.Action)!;
            return new Verdict { Action = top.Action, Hits = hits, IsFlood = flood && top.Action == ModerationAction.Reject && hits.All(h => h.Action != ModerationAction.Reject || h.RuleKey == "builtin:flood"), RefusalReason = top.Action == ModerationAction.Reject ? top.Reason : null };
        }
    }
}

namespace CommentModeration.Web.Rules
{
    public sealed class CurrentRuleSet(IDbContextFactory<AppDbContext> factory)
    {
        public CommentModeration.Core.Rules.CompiledRuleSet Current { get; private set; } = new(new DiscussionSettings());

        public async Task ReloadAsync()
        {
            await using var db = await factory.CreateDbContextAsync();
            Current = new(await db.DiscussionSettings.AsNoTracking().FirstOrDefaultAsync(s => s.Id == 1) ?? new DiscussionSettings());
        }
    }
}

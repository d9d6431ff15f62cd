using CommentModeration.Core.Comments;
using CommentModeration.Core.Discussion;
using CommentModeration.Core.Rules.Definition;
using CommentModeration.Core.Rules.Text;

namespace CommentModeration.Core.Rules.BuiltIn;

/// <summary>
/// The discussion settings as built-in rules, with WordPress's semantics and messages: the
/// refusals of wp_handle_comment_submission / wp_allow_comment, the holds of check_comment and
/// the disallowed list. Staff (admins, moderators, the article's author) skip the holds, the
/// spam list and flood control, but not the refusals that keep data whole.
/// </summary>
internal sealed class DiscussionChecks
{
    public const string FloodMessage = "You are posting comments too quickly. Slow down.";
    public const string DuplicateMessage = "Duplicate comment detected; it looks as though you\u2019ve already said that!";
    public const string ClosedMessage = "Comments are closed.";

    private readonly bool _guestsMayComment;
    private readonly bool _requireNameAndEmail;
    private readonly bool _manualApproval;
    private readonly bool _requirePreviouslyApproved;
    private readonly int _holdWhenLinksAtLeast;
    private readonly string[] _moderationKeys;
    private readonly string[] _disallowedKeys;
    private readonly int _floodIntervalSeconds;
    private readonly int _closeCommentsAfterDays;

    public DiscussionChecks(DiscussionSettings settings)
    {
        _guestsMayComment = settings.GuestsMayComment;
        _requireNameAndEmail = settings.RequireNameAndEmail;
        _manualApproval = settings.ManualApproval;
        _requirePreviouslyApproved = settings.RequirePreviouslyApproved;
        _holdWhenLinksAtLeast = Math.Max(0, settings.HoldWhenLinksAtLeast);
        _moderationKeys = DiscussionSettings.KeyLines(settings.ModerationKeys).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        _disallowedKeys = DiscussionSettings.KeyLines(settings.DisallowedKeys).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        _floodIntervalSeconds = Math.Max(0, settings.FloodIntervalSeconds);
        _closeCommentsAfterDays = Math.Max(0, settings.CloseCommentsAfterDays);
    }

    /// <summary>
    /// The checks that read nothing the write gate changes, in WordPress's order: <see cref="RunActivity"/>'s
    /// hits go at <paramref name="activityAt"/>, between the refusals and the holds.
    /// </summary>
    public void Run(Evaluation.EvaluationContext context, List<RuleHit> hits, int revision, out int activityAt)
    {
        var candidate = context.Candidate;
        var author = candidate.Author;
        var article = candidate.Article;
        var activity = candidate.Activity;
        var staff = author.IsStaff;

        if (article.Policy == CommentPolicy.Closed || (_closeCommentsAfterDays > 0 && article.AgeDays > _closeCommentsAfterDays))
        {
            hits.Add(Hit(BuiltInRule.Closed, ClosedMessage, revision));
        }
        if (!_guestsMayComment && !author.IsRegistered)
        {
            hits.Add(Hit(BuiltInRule.GuestsNotAllowed, "Sorry, you must be signed in to comment.", revision));
        }
        if (author.Standing == AuthorStandingLevel.Banned)
        {
            hits.Add(Hit(BuiltInRule.Banned, "You have been banned from commenting on this site.", revision));
        }
        if (author.Standing == AuthorStandingLevel.Suspended && (author.SuspendedUntil is not { } until || until > activity.Now))
        {
            var message = author.SuspendedUntil is { } date
                ? $"Your commenting is suspended until {date.UtcDateTime:d MMMM yyyy, HH:mm} UTC."
                : "Your commenting is suspended.";
            hits.Add(Hit(BuiltInRule.Suspended, message, revision));
        }
        var parentMessage = activity.Parent switch
        {
            ParentState.NotApproved => "Sorry, replies to unapproved comments are not allowed.",
            ParentState.OtherArticle => "The comment you are replying to belongs to another article.",
            ParentState.Missing => "The comment you are replying to no longer exists.",
            _ => null,
        };
        if (parentMessage is not null) hits.Add(Hit(BuiltInRule.Parent, parentMessage, revision));

        if (_requireNameAndEmail && !author.IsRegistered)
        {
            var name = candidate.AuthorName?.Trim() ?? "";
            var email = candidate.AuthorEmail?.Trim() ?? "";
            if (ReaderText.IsBlank(name)) hits.Add(Hit(BuiltInRule.RequiredFields, "Please enter your name.", revision, TextFieldNames.AuthorName));
            if (email.Length == 0) hits.Add(Hit(BuiltInRule.RequiredFields, "Please enter your email address.", revision, TextFieldNames.AuthorEmail));
            else if (!LooksLikeEmail(email)) hits.Add(Hit(BuiltInRule.RequiredFields, "Please enter a valid email address.", revision, TextFieldNames.AuthorEmail));
        }
        // Zero-width spaces and the like show nothing either: such a comment is as empty as one of spaces.
        if (ReaderText.IsBlank(candidate.Body))
        {
            hits.Add(Hit(BuiltInRule.EmptyBody, "Please type your comment.", revision, TextFieldNames.Body));
        }
        CheckLength(candidate.AuthorName, DiscussionSettings.MaxAuthorNameLength, "name", TextFieldNames.AuthorName, hits, revision);
        CheckLength(candidate.AuthorEmail, DiscussionSettings.MaxAuthorEmailLength, "email address", TextFieldNames.AuthorEmail, hits, revision);
        CheckLength(candidate.AuthorUrl, DiscussionSettings.MaxAuthorUrlLength, "website", TextFieldNames.AuthorUrl, hits, revision);
        CheckLength(candidate.Body, DiscussionSettings.MaxCommentLength, "comment", TextFieldNames.Body, hits, revision);

        activityAt = hits.Count;
        if (staff) return;

        FindKeys(candidate, _disallowedKeys, BuiltInRule.DisallowedKeys, "Contains a disallowed key", hits, revision);

        if (_manualApproval) hits.Add(Hit(BuiltInRule.ManualApproval, "Every comment is held for manual approval.", revision));
        if (article.Policy == CommentPolicy.PreModerated) hits.Add(Hit(BuiltInRule.PreModeratedArticle, "Comments on this article are pre-moderated.", revision));
        if (author.Standing == AuthorStandingLevel.PreModerated) hits.Add(Hit(BuiltInRule.PreModeratedAuthor, "The author's comments are pre-moderated.", revision));

        var trusted = author.Standing == AuthorStandingLevel.Trusted;
        if (!trusted && _requirePreviouslyApproved && !author.HasPreviouslyApproved)
        {
            hits.Add(Hit(BuiltInRule.PreviouslyApproved, "The author has no previously approved comment.", revision));
        }
        if (!trusted && _holdWhenLinksAtLeast > 0)
        {
            var links = context.BodyLinks;
            if (links.Length >= _holdWhenLinksAtLeast)
            {
                var body = candidate.Body ?? "";
                hits.Add(Hit(BuiltInRule.Links, $"Contains {links.Length} links; comments with {_holdWhenLinksAtLeast} or more are held.", revision,
                    TextFieldNames.Body, links.Select(l => new MatchSpan(l.Start, l.End - l.Start, body[l.Start..l.End])).ToArray()));
            }
        }
        FindKeys(candidate, _moderationKeys, BuiltInRule.ModerationKeys, "Contains a moderation key", hits, revision);
    }

    /// <summary>The duplicate and flood checks, which must see every comment stored before this one.</summary>
    public void RunActivity(CommentCandidate candidate, List<RuleHit> hits, int revision)
    {
        var activity = candidate.Activity;
        if (activity.IsDuplicate) hits.Add(Hit(BuiltInRule.Duplicate, DuplicateMessage, revision));
        if (!candidate.Author.IsStaff && _floodIntervalSeconds > 0 && IsFlood(activity)) hits.Add(Hit(BuiltInRule.Flood, FloodMessage, revision));
    }

    /// <summary>A comment from the same user, IP or email within the interval before now.</summary>
    private bool IsFlood(ActivityContext activity)
    {
        foreach (var at in activity.RecentCommentTimes)
        {
            var since = activity.Now - at;
            if (since >= TimeSpan.Zero && since < TimeSpan.FromSeconds(_floodIntervalSeconds)) return true;
        }
        return false;
    }

    private static void CheckLength(string? value, int max, string what, string field, List<RuleHit> hits, int revision)
    {
        if (value is null || value.Length <= max) return;
        hits.Add(Hit(BuiltInRule.FieldLength, $"Your {what} is too long: {value.Length:N0} characters, at most {max:N0} are allowed.", revision, field));
    }

    /// <summary>WordPress's key lists: each key as a case-insensitive substring of every field (so "Поздравляем" matches "поздравляем").</summary>
    private static void FindKeys(CommentCandidate candidate, string[] keys, string ruleKey, string reason, List<RuleHit> hits, int revision)
    {
        if (keys.Length == 0) return;
        foreach (var (field, text) in KeyFields(candidate))
        {
            if (string.IsNullOrEmpty(text)) continue;
            List<MatchSpan>? spans = null;
            List<string>? matched = null;
            foreach (var key in keys)
            {
                var from = 0;
                while (from < text.Length)
                {
                    var at = text.IndexOf(key, from, StringComparison.OrdinalIgnoreCase);
                    if (at < 0) break;
                    (spans ??= []).Add(new MatchSpan(at, key.Length, text.Substring(at, key.Length)));
                    matched ??= [];
                    if (!matched.Contains(key)) matched.Add(key);
                    from = at + key.Length;
                }
            }
            if (spans is null) continue;
            spans.Sort((a, b) => a.Start.CompareTo(b.Start));
            hits.Add(Hit(ruleKey, $"{reason}: {string.Join(", ", matched!.Select(k => $"\u201c{k}\u201d"))}", revision, field, spans));
        }
    }

    private static IEnumerable<(string Field, string? Text)> KeyFields(CommentCandidate c)
    {
        yield return (TextFieldNames.AuthorName, c.AuthorName);
        yield return (TextFieldNames.AuthorEmail, c.AuthorEmail);
        yield return (TextFieldNames.AuthorUrl, c.AuthorUrl);
        yield return (TextFieldNames.Body, c.Body);
        yield return (TextFieldNames.Ip, c.Ip);
        yield return (TextFieldNames.UserAgent, c.UserAgent);
    }

    /// <summary>What WordPress's is_email accepts, roughly: local@domain.tld, no spaces, at least 6 characters.</summary>
    internal static bool LooksLikeEmail(string email)
    {
        if (email.Length < 6 || email.Any(char.IsWhiteSpace)) return false;
        var at = email.IndexOf('@');
        if (at < 1 || at != email.LastIndexOf('@')) return false;
        var domain = email[(at + 1)..];
        var dot = domain.IndexOf('.');
        return dot > 0 && dot < domain.Length - 1 && !domain.Contains("..", StringComparison.Ordinal);
    }

    private static RuleHit Hit(string key, string reason, int revision, string? field = null, IReadOnlyList<MatchSpan>? spans = null)
    {
        var rule = BuiltInRule.Find(key)!;
        return new RuleHit
        {
            RuleKey = key,
            Rule = rule.Name,
            RuleRevision = revision,
            Action = rule.Action,
            Reason = reason,
            IsBuiltIn = true,
            Field = field,
            Spans = spans ?? [],
        };
    }
}

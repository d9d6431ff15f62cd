using CommentModeration.Core.Comments;
using CommentModeration.Data;
using CommentModeration.Data.Comments;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Mail;
using Microsoft.EntityFrameworkCore;

namespace CommentModeration.Web.Moderation;

public sealed record AuthorRecentComment(long Id, long ArticleId, string ArticleTitle, string Excerpt, DateTimeOffset CreatedAt, CommentStatus Status);

public sealed record AuthorNoteView(long Id, string Text, string CreatedByName, DateTimeOffset CreatedAt);

/// <param name="Mailed">Whether it went to the author's email (false: the author gave none).</param>
public sealed record AuthorWarningView(long Id, string Text, string CreatedByName, DateTimeOffset CreatedAt, bool Mailed);

/// <summary>Everything the author card shows about the author of one comment.</summary>
public sealed record AuthorCard(
    string AuthorKey,
    string Name,
    string Email,
    string Url,
    string Ip,
    bool IsRegistered,
    DateTimeOffset FirstSeenAt,
    int ApprovedCount,
    int RejectedCount,
    int SpamCount,
    AuthorStandingLevel Level,
    DateTimeOffset? SuspendedUntil,
    IReadOnlyList<AuthorRecentComment> RecentComments,
    IReadOnlyList<AuthorNoteView> Notes)
{
    /// <summary>The messages moderators sent the author, newest first.</summary>
    public IReadOnlyList<AuthorWarningView> Warnings { get; init; } = [];
}

public sealed record AuthorActionResult(bool Succeeded, string Message);

/// <summary>
/// What a moderator does to an author: trust, pre-moderate, suspend until a date, ban, reinstate
/// (each an audit row with the author's key, each reversible), and private notes. The
/// AuthorStanding row is what the posting side feeds the rule engine for the author's next comment.
/// A warning is a message to the author: mailed, kept on the card, and an audit row.
/// </summary>
public sealed class AuthorModeration(IDbContextFactory<AppDbContext> dbFactory, CommentWrites comments, CurrentRoles currentRoles, MailOutbox outbox, TimeProvider clock)
{
    public const int MaxNoteLength = 2000;
    public const int MaxWarningLength = 2000;
    public const int RecentCommentCount = 5;

    public async Task<AuthorActionResult> SetStandingAsync(string authorKey, AuthorStandingLevel level, DateTimeOffset? suspendedUntil, string? reason, Moderator by, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (reason?.Length > ModeratorDecisions.MaxReasonLength) return new(false, $"The reason is too long (at most {ModeratorDecisions.MaxReasonLength} characters).");
        if (level == AuthorStandingLevel.Suspended && (suspendedUntil is null || suspendedUntil <= now))
            return new(false, "Choose a date in the future to suspend until.");
        if (level != AuthorStandingLevel.Suspended) suspendedUntil = null;

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await comments.BeginAsync(db, ct);
        if (!await CurrentRoles.HoldsAsync(db, by, Roles.Staff, ct)) return new(false, CurrentRoles.Revoked);
        var standing = await db.AuthorStandings.SingleOrDefaultAsync(a => a.AuthorKey == authorKey, ct);
        if (standing is null)
        {
            var latest = await db.Comments.AsNoTracking().Where(c => c.AuthorKey == authorKey).OrderByDescending(c => c.CreatedAt).FirstOrDefaultAsync(ct);
            if (latest is null) return new(false, "No author with this key has commented.");
            var first = await db.Comments.Where(c => c.AuthorKey == authorKey).MinAsync(c => c.CreatedAt, ct);
            standing = new AuthorStanding
            {
                AuthorKey = authorKey,
                UserId = latest.UserId,
                Email = string.IsNullOrEmpty(latest.AuthorEmail) ? null : latest.AuthorEmail.ToLowerInvariant(),
                Name = latest.AuthorName,
                FirstSeenAt = first,
                LastCommentAt = latest.CreatedAt,
            };
            db.AuthorStandings.Add(standing);
        }
        if (standing.Level == level && standing.SuspendedUntil == suspendedUntil)
            return new(false, $"{DisplayName(standing)} is already {Describe(level, suspendedUntil)}.");

        standing.Level = level;
        standing.SuspendedUntil = suspendedUntil;
        standing.Version = Guid.NewGuid();
        var action = level switch
        {
            AuthorStandingLevel.Trusted => AuditActions.Trust,
            AuthorStandingLevel.PreModerated => AuditActions.PreModerate,
            AuthorStandingLevel.Suspended => AuditActions.Suspend,
            AuthorStandingLevel.Banned => AuditActions.Ban,
            _ => AuditActions.Reinstate,
        };
        var detail = level == AuthorStandingLevel.Suspended ? $"until {suspendedUntil:yyyy-MM-dd HH:mm} UTC" : null;
        var why = string.Join("; ", new[] { detail, reason }.Where(s => s is not null)) is { Length: > 0 } text ? text : null;
        db.ModerationEvents.Add(AuditTrail.OfAuthor(authorKey, action, why, by.Actor, now));
        transaction.AuthorChanged(authorKey);
        try
        {
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new(false, "Another moderator changed this author's standing at the same moment. Look again and retry if still needed.");
        }
        return new(true, $"{DisplayName(standing)} is now {Describe(level, suspendedUntil)}.");
    }

    public async Task<AuthorActionResult> AddNoteAsync(string authorKey, string text, Moderator by, CancellationToken ct = default)
    {
        text = (text ?? "").Trim();
        if (text.Length == 0) return new(false, "The note is empty.");
        if (text.Length > MaxNoteLength) return new(false, $"The note is too long ({text.Length} characters; at most {MaxNoteLength}).");
        if (string.IsNullOrEmpty(authorKey)) return new(false, "This comment has no author key to attach a note to.");
        if (!await currentRoles.HoldsAsync(by, Roles.Staff, ct)) return new(false, CurrentRoles.Revoked);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        db.AuthorNotes.Add(new AuthorNote
        {
            AuthorKey = authorKey,
            Text = text,
            CreatedByUserId = by.UserId,
            CreatedByName = by.Name,
            CreatedAt = now,
        });
        db.ModerationEvents.Add(AuditTrail.OfAuthor(authorKey, AuditActions.AuthorNote, text, by.Actor, now));
        await db.SaveChangesAsync(ct);
        return new(true, "Note added.");
    }

    /// <summary>
    /// Sends the author a moderator's message: stored on their card and in the audit log in one
    /// transaction, then mailed (after the commit, through the outbox) to the email of their latest
    /// comment that has one. The message is plain text wherever it is shown.
    /// </summary>
    public async Task<AuthorActionResult> WarnAsync(string authorKey, string message, Moderator by, CancellationToken ct = default)
    {
        message = (message ?? "").Trim();
        if (message.Length == 0) return new(false, "Write the message to the author first.");
        if (message.Length > MaxWarningLength) return new(false, $"The message is too long ({message.Length} characters; at most {MaxWarningLength}).");
        if (string.IsNullOrEmpty(authorKey)) return new(false, "This comment has no author key to send a warning to.");

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.BeginWriteAsync(ct);
        if (!await CurrentRoles.HoldsAsync(db, by, Roles.Staff, ct)) return new(false, CurrentRoles.Revoked);
        var author = await db.Comments.AsNoTracking().Where(c => c.AuthorKey == authorKey)
            .OrderByDescending(c => c.AuthorEmail != "").ThenByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id)
            .Select(c => new { c.AuthorName, c.AuthorEmail }).FirstOrDefaultAsync(ct);
        if (author is null) return new(false, "No author with this key has commented.");
        var now = clock.GetUtcNow();
        db.AuthorWarnings.Add(new AuthorWarning
        {
            AuthorKey = authorKey,
            Text = message,
            CreatedByUserId = by.UserId,
            CreatedByName = by.Name,
            CreatedAt = now,
            Mailed = author.AuthorEmail.Length > 0,
        });
        db.ModerationEvents.Add(AuditTrail.OfAuthor(authorKey, AuditActions.Warn, message, by.Actor, now));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);

        var name = string.IsNullOrEmpty(author.AuthorName) ? "This author" : author.AuthorName;
        if (author.AuthorEmail.Length == 0) return new(true, $"Warning recorded; {name} gave no email address, so it was not mailed.");
        outbox.Enqueue($"warning to author {authorKey}", new OutgoingMail(author.AuthorEmail, "A message from the moderators about your comments",
            new MailBody().Paragraph($"Hello {author.AuthorName},").Paragraph("the moderators send you this message about your comments:").Quote(message)));
        return new(true, $"Warning sent to {name}.");
    }

    /// <summary>The card for the author of <paramref name="commentId"/> (email, website and IP as on that comment).</summary>
    public async Task<AuthorCard?> LoadCardAsync(long commentId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var comment = await db.Comments.AsNoTracking().Where(c => c.Id == commentId)
            .Select(c => new { c.AuthorKey, c.AuthorName, c.AuthorEmail, c.AuthorUrl, c.Ip, c.UserId, c.CreatedAt })
            .FirstOrDefaultAsync(ct);
        if (comment is null) return null;
        var key = comment.AuthorKey;
        var standing = await db.AuthorStandings.AsNoTracking().FirstOrDefaultAsync(a => a.AuthorKey == key, ct);
        var recent = await db.Comments.AsNoTracking().Where(c => c.AuthorKey == key)
            .OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id)
            .Take(RecentCommentCount)
            .Select(c => new AuthorRecentComment(c.Id, c.ArticleId, c.Article!.Title, c.BodyText.Substring(0, 120), c.CreatedAt, c.Status))
            .ToListAsync(ct);
        var notes = await db.AuthorNotes.AsNoTracking().Where(n => n.AuthorKey == key)
            .OrderByDescending(n => n.Id)
            .Select(n => new AuthorNoteView(n.Id, n.Text, n.CreatedByName, n.CreatedAt))
            .ToListAsync(ct);
        var warnings = await db.AuthorWarnings.AsNoTracking().Where(w => w.AuthorKey == key)
            .OrderByDescending(w => w.Id)
            .Select(w => new AuthorWarningView(w.Id, w.Text, w.CreatedByName, w.CreatedAt, w.Mailed))
            .ToListAsync(ct);
        var firstSeen = standing?.FirstSeenAt
            ?? await db.Comments.Where(c => c.AuthorKey == key).OrderBy(c => c.CreatedAt).Select(c => c.CreatedAt).FirstAsync(ct);
        var level = standing?.Level ?? AuthorStandingLevel.Normal;
        if (level == AuthorStandingLevel.Suspended && standing?.SuspendedUntil <= clock.GetUtcNow()) level = AuthorStandingLevel.Normal;
        return new AuthorCard(key, comment.AuthorName, comment.AuthorEmail, comment.AuthorUrl, comment.Ip,
            IsRegistered: comment.UserId is not null,
            firstSeen,
            standing?.ApprovedCount ?? 0, standing?.RejectedCount ?? 0, standing?.SpamCount ?? 0,
            level, level == AuthorStandingLevel.Suspended ? standing?.SuspendedUntil : null,
            recent, notes) { Warnings = warnings };
    }

    public static string Describe(AuthorStandingLevel level, DateTimeOffset? suspendedUntil = null) => level switch
    {
        AuthorStandingLevel.Trusted => "trusted",
        AuthorStandingLevel.PreModerated => "pre-moderated",
        AuthorStandingLevel.Suspended => $"suspended until {suspendedUntil:yyyy-MM-dd HH:mm} UTC",
        AuthorStandingLevel.Banned => "banned",
        _ => "in normal standing",
    };

    private static string DisplayName(AuthorStanding standing) => string.IsNullOrEmpty(standing.Name) ? "This author" : standing.Name;
}

using CommentModeration.Core.Comments;

namespace CommentModeration.Data.Entities;

/// <summary>The audit trail: append-only. The engine's own decisions have Automatic set. Rows are made by Comments.AuditTrail only.</summary>
public sealed class ModerationEvent
{
    internal ModerationEvent()
    {
    }

    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public long? CommentId { get; set; }
    public string? AuthorKey { get; set; }

    /// <summary>approve, reject, spam, edit, restore, trust, premoderate, suspend, ban, reinstate, purge, posted …</summary>
    public string Action { get; set; } = "";
    public CommentStatus? FromStatus { get; set; }
    public CommentStatus? ToStatus { get; set; }
    public string? Reason { get; set; }
    public bool Automatic { get; set; }
    public string? ActorUserId { get; set; }
    public string ActorName { get; set; } = "";

    /// <summary>For a refused post: the check or rule whose hit refused it (no comment holds the verdict).</summary>
    public string? DecidingCheck { get; set; }
}

public enum ReportReason
{
    Spam = 0,
    Abuse = 1,
    OffTopic = 2,
    Other = 3,

    /// <summary>A notice of illegal content (EU Digital Services Act, Art. 16): with the legal ground, the reporter's name and email.</summary>
    IllegalContent = 4,
}

/// <summary>A reader's flag on a published comment. One reader counts once per comment.</summary>
public sealed class Report
{
    public const int MaxLegalGroundLength = 300;
    public const int MaxCountryLength = 100;
    public const int MaxReporterNameLength = 200;

    public long Id { get; set; }
    public long CommentId { get; set; }

    /// <summary>"user:{id}" or "guest:{hash of ip + browser id}".</summary>
    public string ReporterKey { get; set; } = "";

    /// <summary>A hash of the reporter's network (an IPv4 address, an IPv6 /64): a guest's reports from one place count once toward hiding.</summary>
    public string? AddressKey { get; set; }

    /// <summary>For a guest: a hash of their browser's reader cookie, which ties their reports from several addresses together.</summary>
    public string? BrowserKey { get; set; }
    public ReportReason Reason { get; set; }
    public string? Text { get; set; }

    /// <summary>For a notice of illegal content: the law and article the reporter names, and its country.</summary>
    public string? LegalGround { get; set; }
    public string? Country { get; set; }

    /// <summary>For a notice of illegal content: who sent it, told of the receipt and of the outcome; never shown to the public.</summary>
    public string? ReporterName { get; set; }
    public string? ReporterEmail { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
}

/// <summary>Per author: standing set by moderators, and maintained counts of outcomes.</summary>
public sealed class AuthorStanding
{
    public long Id { get; set; }
    public string AuthorKey { get; set; } = "";
    public string? UserId { get; set; }
    public string? Email { get; set; }
    public string Name { get; set; } = "";
    public AuthorStandingLevel Level { get; set; }
    public DateTimeOffset? SuspendedUntil { get; set; }
    public int ApprovedCount { get; set; }
    public int RejectedCount { get; set; }
    public int SpamCount { get; set; }
    public DateTimeOffset FirstSeenAt { get; set; }
    public DateTimeOffset? LastCommentAt { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();
}

/// <summary>A moderator's private note on an author.</summary>
public sealed class AuthorNote
{
    public long Id { get; set; }
    public string AuthorKey { get; set; } = "";
    public string Text { get; set; } = "";
    public string CreatedByUserId { get; set; } = "";
    public string CreatedByName { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>Queue sizes maintained in the same transaction as every status change, so no page counts a million rows.</summary>
public sealed class QueueCounter
{
    public required string Name { get; set; }
    public long Value { get; set; }
}

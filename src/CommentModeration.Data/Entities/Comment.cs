using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using CommentModeration.Core.Comments;
using CommentModeration.Core.Rules;

namespace CommentModeration.Data.Entities;

public sealed class Comment
{
    public long Id { get; set; }
    public long ArticleId { get; set; }
    public Article? Article { get; set; }

    public long? ParentId { get; set; }

    /// <summary>The top-level comment of this thread (its own id when top-level): pages are cut by threads.</summary>
    public long ThreadRootId { get; set; }

    /// <summary>1 for a top-level comment, capped at the thread depth setting when stored.</summary>
    public int Depth { get; set; } = 1;

    public string? UserId { get; set; }
    public string AuthorName { get; set; } = "";
    public string AuthorEmail { get; set; } = "";
    public string AuthorUrl { get; set; } = "";

    /// <summary>"user:{id}" or "email:{lowercased email}": the key of the author's standing.</summary>
    public string AuthorKey { get; set; } = "";

    /// <summary>The body as written.</summary>
    public string BodyText
    {
        get => _bodyText;
        set
        {
            _bodyText = value;
            BodyHash = HashOf(value);
        }
    }

    private string _bodyText = "";

    /// <summary>
    /// A 64-bit hash of <see cref="BodyText"/>, kept with it, so that "the same text again"
    /// (duplicates, copy-paste spam) is an index lookup instead of a scan of bodies.
    /// </summary>
    public long BodyHash { get; private set; } = HashOf("");

    /// <summary>The body as readers see it: sanitized HTML made once on write (masked where censored).</summary>
    public string BodyHtml { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
    public CommentStatus Status { get; set; }
    public DateTimeOffset StatusChangedAt { get; set; }

    /// <summary>Published but queued for review (a flag rule fired).</summary>
    public bool NeedsReview { get; set; }

    /// <summary>Readers' reports not yet reviewed.</summary>
    public int OpenReportCount { get; set; }

    /// <summary>Published, but hidden from readers because enough readers reported it.</summary>
    public bool HiddenByReports { get; set; }

    /// <summary>What the engine decided at posting.</summary>
    public VerdictAction VerdictAction { get; set; }

    /// <summary>The verdict's hits (rules, reasons, matched spans) as JSON.</summary>
    public string VerdictJson { get; set; } = "[]";
    public int RuleSetRevision { get; set; }

    /// <summary>The reason given on rejection, shown to the author.</summary>
    public string? RejectionReason { get; set; }

    public DateTimeOffset? EditedAt { get; set; }

    /// <summary>
    /// The decision (approved or rejected) its author was mailed about, set in the moderator's
    /// transaction: deciding the same again (approve, undo, approve) mails nothing more.
    /// </summary>
    public CommentStatus? DecisionMailed { get; set; }

    /// <summary>
    /// The author of the comment it replies to was mailed about it, set in the transaction that first
    /// published it: published again later (unapproved and approved), it mails nothing more.
    /// </summary>
    public bool ReplyMailed { get; set; }

    public string Ip { get; set; } = "";
    public string UserAgent { get; set; } = "";

    /// <summary>A reader's comment, or a pingback or trackback kept from a WordPress import.</summary>
    public CommentKind Kind { get; set; }

    /// <summary>Its WordPress comment id, when imported (the article holds the site): a second import skips it.</summary>
    public long? SourceCommentId { get; set; }

    /// <summary>Optimistic concurrency: two moderators acting at once, one wins.</summary>
    public Guid Version { get; set; } = Guid.NewGuid();

    /// <summary>The <see cref="BodyHash"/> of a text: the first 8 bytes of its SHA-256, the same in every process.</summary>
    public static long HashOf(string text)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(MemoryMarshal.AsBytes(text.AsSpan()), digest);
        return BinaryPrimitives.ReadInt64LittleEndian(digest);
    }
}

/// <summary>An earlier text of an edited comment; the original is always kept.</summary>
public sealed class CommentRevision
{
    public long Id { get; set; }
    public long CommentId { get; set; }
    public string BodyText { get; set; } = "";
    public string BodyHtml { get; set; } = "";
    public string EditedByUserId { get; set; } = "";
    public string EditedByName { get; set; } = "";
    public DateTimeOffset EditedAt { get; set; }
}

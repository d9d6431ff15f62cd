using CommentModeration.Core.Comments;
using CommentModeration.Core.Rules;
using CommentModeration.Data;
using CommentModeration.Data.Comments;
using CommentModeration.Data.Entities;
using CommentModeration.Data.Sql;
using CommentModeration.Web.Admin;
using CommentModeration.Web.Articles;
using CommentModeration.Web.Moderation;
using CommentModeration.Web.Seeding;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;

namespace CommentModeration.Web.WordPress;

public sealed record WxrImportOptions(bool DryRun = false, bool SkipPings = false);

/// <summary>How far an import is: checking the whole file first, then importing; each a fraction of the file read.</summary>
public readonly record struct WxrImportProgress(bool Importing, double Fraction);

/// <summary>Reports on the importing thread, in order: <see cref="Progress{T}"/> posts each report to the thread pool, where the last may come after the end.</summary>
public sealed class InlineProgress(Action<WxrImportProgress> report) : IProgress<WxrImportProgress>
{
    public void Report(WxrImportProgress value) => report(value);
}

/// <summary>
/// Imports a WordPress export (WXR). The file is read twice, streamed: once to check every entry
/// (a bad one stops the import before anything is written, naming its line), then to import.
/// Published posts and pages become articles, keyed by the site's address and the post id, and
/// their comments keep thread, author, address, date and status, keyed by their WordPress id: a
/// second import of the same site adds only what is new. Comments are history: no rule engine,
/// no mail; they are written fast, as the seeder writes them, with the queue counters, article
/// counts and author standings in the same transaction. Articles are committed whole with their
/// comments, several to a transaction up to <see cref="BatchSize"/> comments, each transaction
/// with one audit row saying what it imported.
/// </summary>
public sealed class WxrImport(IDbContextFactory<AppDbContext> dbFactory, SqlStatements sql, WordPressHtml html, ArticlePageCache pageCache,
    CurrentRoles roles, TimeProvider clock, IConfiguration configuration)
{
    public const int BatchSize = 50_000;

    /// <summary>The largest file the admin page takes (WordPress:MaxUploadMegabytes); the command line takes any.</summary>
    public long MaxUploadBytes { get; } = configuration.GetValue("WordPress:MaxUploadMegabytes", 1024L) * 1024 * 1024;

    /// <summary>An admin's import (the admin page): null, with nothing written, when they no longer hold the role.</summary>
    /// <exception cref="WxrFormatException">The file, or an entry in it, is not as expected: nothing was written.</exception>
    public async Task<WxrImportSummary?> ImportAsync(string path, WxrImportOptions options, Moderator admin,
        IProgress<WxrImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (!await roles.HoldsAsync(admin, Roles.Admin, cancellationToken)) return null;
        return await ImportAsync(path, options, admin.Actor, progress, cancellationToken);
    }

    private readonly record struct Placed(long Id, long ThreadRootId, int Depth);

    /// <exception cref="WxrFormatException">The file, or an entry in it, is not as expected: nothing was written.</exception>
    public async Task<WxrImportSummary> ImportAsync(string path, WxrImportOptions options, AuditActor actor,
        IProgress<WxrImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        await CheckAsync(path, progress, cancellationToken);

        var summary = new WxrImportSummary { DryRun = options.DryRun };
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var threadDepth = (await db.ReadDiscussionSettingsAsync(cancellationToken)).ThreadDepth;
        var touchedSlugs = new HashSet<string>(StringComparer.Ordinal);
        // Reading and sanitizing run beside the writes, a few posts ahead: the import takes the longer of the two, not their sum.
        using var stopReading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var posts = Channel.CreateBounded<PreparedPost>(new BoundedChannelOptions(PostsReadAhead) { SingleReader = true, SingleWriter = true });
        var reading = Task.Run(() => ReadAndPrepareAsync(path, options, posts.Writer, stopReading.Token), CancellationToken.None);
        Batch? batch = null;
        WxrSite? site = null;
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await sql.PrepareBulkInsertsAsync(db, cancellationToken);
            await foreach (var (post, postSite, bodies, fraction) in posts.Reader.ReadAllAsync(cancellationToken))
            {
                site = postSite;
                summary.Site = site.Address;
                summary.ItemsInFile++;
                summary.CommentsInFile += post.Comments.Count;
                if (SkipReason(post) is { } reason)
                {
                    summary.ItemsSkipped[reason] = summary.Skipped(reason) + 1;
                    summary.CommentsOnSkippedItems += post.Comments.Count;
                    continue;
                }
                batch ??= await Batch.BeginAsync(db, sql, cancellationToken);
                var slug = await ImportPostAsync(db, batch, site, post, bodies, options, threadDepth, summary, cancellationToken);
                touchedSlugs.Add(slug);
                if (batch.Comments >= BatchSize)
                {
                    await batch.EndAsync(db, sql, commit: !options.DryRun, Audit(site, batch, actor), cancellationToken);
                    batch = null;
                }
                progress?.Report(new WxrImportProgress(true, fraction));
            }
            if (batch is not null) await batch.EndAsync(db, sql, commit: !options.DryRun, Audit(site!, batch, actor), cancellationToken);
            batch = null;
        }
        finally
        {
            // A failure part way rolls back the open transaction: the articles in it, whole, with their comments.
            if (batch is not null) await batch.AbandonAsync();
            await db.Database.CloseConnectionAsync();
            await stopReading.CancelAsync();
            await reading.ContinueWith(_ => { }, TaskScheduler.Default);
        }
        // The file's site even when it has no items (the reader names it from the channel).
        summary.Site = (site ?? await reading).Address;
        if (!options.DryRun)
        {
            foreach (var slug in touchedSlugs) await pageCache.EvictAsync(slug, cancellationToken);
        }
        progress?.Report(new WxrImportProgress(true, 1));
        return summary;
    }

    private const int PostsReadAhead = 4;

    /// <summary>A post read from the file, with the site it came from, its comments' bodies made and how far the file is read.</summary>
    private readonly record struct PreparedPost(WxrPost Post, WxrSite Site, IReadOnlyDictionary<WxrComment, CommentBody> Bodies, double Fraction);

    private readonly record struct CommentBody(string Text, string Html);

    /// <summary>Reads the file again (it was checked) and makes the bodies of the comments the import will write. Returns the file's site.</summary>
    private async Task<WxrSite> ReadAndPrepareAsync(string path, WxrImportOptions options, ChannelWriter<PreparedPost> posts, CancellationToken cancellationToken)
    {
        try
        {
            await using var file = File.OpenRead(path);
            using var reader = new WxrReader(file);
            while (reader.Next() is { } post)
            {
                var bodies = new Dictionary<WxrComment, CommentBody>(ReferenceEqualityComparer.Instance);
                if (SkipReason(post) is null)
                {
                    var wanted = post.Comments.Where(c => !options.SkipPings || c.Kind == CommentKind.Comment).ToArray();
                    var made = new CommentBody[wanted.Length];
                    // Bodies are the import's costliest part (markup goes through the sanitizer), and each stands alone: on every core.
                    Parallel.For(0, wanted.Length, i =>
                    {
                        var (text, bodyHtml) = html.Comment(ReaderText.BodyWithoutDirectionOverrides(wanted[i].Content));
                        made[i] = new CommentBody(text, bodyHtml);
                    });
                    for (var i = 0; i < wanted.Length; i++) bodies[wanted[i]] = made[i];
                }
                await posts.WriteAsync(new PreparedPost(post, reader.Site, bodies, Fraction(file)), cancellationToken);
            }
            posts.Complete();
            return reader.Site;
        }
        catch (Exception e)
        {
            posts.Complete(e);
            throw;
        }
    }

    /// <summary>Reads the whole file once, so that a bad entry anywhere stops the import before it writes.</summary>
    private static async Task CheckAsync(string path, IProgress<WxrImportProgress>? progress, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(path);
        using var reader = new WxrReader(file);
        var items = 0;
        while (reader.Next() is not null)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (++items % 100 == 0) progress?.Report(new WxrImportProgress(false, Fraction(file)));
        }
        progress?.Report(new WxrImportProgress(false, 1));
    }

    private static double Fraction(FileStream file) => file.Length == 0 ? 1 : Math.Min(1, (double)file.Position / file.Length);

    public static WxrSkipReason? SkipReason(WxrPost post) => post switch
    {
        { Type: "attachment" } => WxrSkipReason.Attachment,
        { Type: "nav_menu_item" } => WxrSkipReason.MenuItem,
        { Type: not ("post" or "page") } => WxrSkipReason.OtherType,
        { Status: "draft" or "auto-draft" } => WxrSkipReason.Draft,
        { Status: "future" } => WxrSkipReason.Scheduled,
        { Status: not "publish" } => WxrSkipReason.Unpublished,
        { HasPassword: true } => WxrSkipReason.PasswordProtected,
        { CommentsOpen: false, Comments.Count: 0 } => WxrSkipReason.ClosedWithoutComments,
        _ => null,
    };

    /// <summary>The article (found, or made) and its comments not imported before. Returns the article's slug.</summary>
    private async Task<string> ImportPostAsync(AppDbContext db, Batch batch, WxrSite site, WxrPost post,
        IReadOnlyDictionary<WxrComment, CommentBody> bodies, WxrImportOptions options,
        int threadDepth, WxrImportSummary summary, CancellationToken cancellationToken)
    {
        var placed = new Dictionary<long, Placed>();
        var existing = await db.Articles.AsNoTracking()
            .Where(a => a.SourceSite == site.Address && a.SourcePostId == post.Id)
            .Select(a => new { a.Id, a.Slug })
            .FirstOrDefaultAsync(cancellationToken);
        long articleId;
        string slug;
        if (existing is null)
        {
            var article = await NewArticleAsync(db, site, post, cancellationToken);
            articleId = article.Id;
            slug = article.Slug;
            summary.ArticlesImported++;
            batch.Articles++;
        }
        else
        {
            (articleId, slug) = (existing.Id, existing.Slug);
            summary.ArticlesAlreadyThere++;
            await foreach (var known in db.Comments.AsNoTracking()
                .Where(c => c.ArticleId == articleId && c.SourceCommentId != null)
                .Select(c => new { Source = c.SourceCommentId!.Value, c.Id, c.ThreadRootId, c.Depth })
                .AsAsyncEnumerable().WithCancellation(cancellationToken))
            {
                placed[known.Source] = new Placed(known.Id, known.ThreadRootId, known.Depth);
            }
        }

        var comments = new List<Comment>();
        foreach (var source in ParentsFirst(post.Comments))
        {
            if (placed.ContainsKey(source.Id))
            {
                summary.CommentsAlreadyThere++;
                continue;
            }
            if (options.SkipPings && source.Kind != CommentKind.Comment)
            {
                summary.PingsSkipped++;
                continue;
            }
            Placed? parent = source.ParentId != 0 && placed.TryGetValue(source.ParentId, out var p) ? p : null;
            if (source.ParentId != 0 && parent is null) summary.RepliesWithoutParent++;
            var comment = NewComment(batch.Writer.TakeId(), articleId, source, bodies[source], parent, threadDepth);
            comments.Add(comment);
            placed[source.Id] = new Placed(comment.Id, comment.ThreadRootId, comment.Depth);
        }
        foreach (var comment in comments)
        {
            batch.Writer.Insert(comment, batch.Transaction.DbTransaction);
            batch.Tally.Add(comment);
            batch.Comments++;
            summary.CommentsImported[comment.Status] = summary.Imported(comment.Status) + 1;
            if (comment.Kind != CommentKind.Comment) summary.PingsImported++;
        }
        return slug;
    }

    /// <summary>
    /// The comments with every parent before its replies (WordPress orders them by id, and a reply
    /// may have a lower id than its parent); a comment met twice counts once, and a loop of parents
    /// is broken where it is found.
    /// </summary>
    private static IEnumerable<WxrComment> ParentsFirst(IReadOnlyList<WxrComment> comments)
    {
        var inFile = new Dictionary<long, WxrComment>();
        var duplicates = new List<WxrComment>();
        foreach (var comment in comments)
        {
            if (!inFile.TryAdd(comment.Id, comment)) duplicates.Add(comment);
        }
        var replies = new Dictionary<long, List<WxrComment>>();
        var ready = new Queue<WxrComment>();
        foreach (var comment in inFile.Values)
        {
            if (comment.ParentId != 0 && comment.ParentId != comment.Id && inFile.ContainsKey(comment.ParentId))
            {
                if (!replies.TryGetValue(comment.ParentId, out var list)) replies[comment.ParentId] = list = [];
                list.Add(comment);
            }
            else
            {
                ready.Enqueue(comment);
            }
        }
        var done = new HashSet<long>();
        foreach (var start in inFile.Values.Prepend(null))
        {
            if (start is not null && !done.Contains(start.Id)) ready.Enqueue(start);
            while (ready.TryDequeue(out var next))
            {
                if (!done.Add(next.Id)) continue;
                yield return next;
                if (replies.TryGetValue(next.Id, out var children))
                {
                    foreach (var child in children) ready.Enqueue(child);
                }
            }
        }
        // The same id again: already there, by the time it comes.
        foreach (var duplicate in duplicates) yield return duplicate;
    }

    private async Task<Article> NewArticleAsync(AppDbContext db, WxrSite site, WxrPost post, CancellationToken cancellationToken)
    {
        var title = Cut(OneLine(WordPressHtml.Paragraphs(post.Title)), ArticleEditing.MaxTitleLength);
        var article = new Article
        {
            Title = title.Length > 0 ? title : "(no title)",
            Slug = await FreeSlugAsync(db, post, title, cancellationToken),
            Excerpt = Cut(WordPressHtml.Paragraphs(post.Excerpt), ArticleEditing.MaxExcerptLength),
            Body = Cut(WordPressHtml.Paragraphs(post.Content), ArticleEditing.MaxBodyLength),
            AuthorName = Cut(ReaderText.NameWithoutDirectionControls(post.Creator), ArticleEditing.MaxAuthorNameLength),
            PublishedAt = post.Date,
            CommentPolicy = !post.CommentsOpen ? CommentPolicy.Closed : post.PreModerated ? CommentPolicy.PreModerated : CommentPolicy.Open,
            SourceSite = site.Address,
            SourcePostId = post.Id,
            Section = post.Section is { } section ? Cut(OneLine(section), ArticleEditing.MaxSectionLength) : null,
        };
        db.Articles.Add(article);
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return article;
    }

    /// <summary>WordPress's own slug when this site can use it (it stores non-ASCII ones percent-encoded), else one from the title, made unique with -2, -3….</summary>
    private static async Task<string> FreeSlugAsync(AppDbContext db, WxrPost post, string title, CancellationToken cancellationToken)
    {
        var wanted = ArticleEditing.SlugFrom(Uri.UnescapeDataString(post.Name));
        if (wanted.Length == 0) wanted = ArticleEditing.SlugFrom(title);
        if (wanted.Length == 0) wanted = "post-" + post.Id;
        var slug = wanted;
        for (var n = 2; await db.Articles.AnyAsync(a => a.Slug == slug, cancellationToken); n++)
        {
            var suffix = "-" + n;
            slug = wanted[..Math.Min(wanted.Length, ArticleEditing.MaxSlugLength - suffix.Length)] + suffix;
        }
        return slug;
    }

    /// <summary>The comment as stored, with its body made from WordPress's content.</summary>
    private static Comment NewComment(long id, long articleId, WxrComment source, CommentBody body, Placed? parent, int threadDepth)
    {
        var status = source.Status switch
        {
            WxrCommentStatus.Approved => CommentStatus.Approved,
            WxrCommentStatus.Spam => CommentStatus.Spam,
            WxrCommentStatus.Trash => CommentStatus.Rejected,
            _ => CommentStatus.Pending,
        };
        var email = source.AuthorEmail.Trim();
        return new Comment
        {
            Id = id,
            ArticleId = articleId,
            ParentId = parent?.Id,
            ThreadRootId = parent?.ThreadRootId ?? id,
            Depth = Math.Min((parent?.Depth ?? 0) + 1, Math.Max(1, threadDepth)),
            AuthorName = ReaderText.NameWithoutDirectionControls(source.AuthorName.Trim()),
            AuthorEmail = email,
            AuthorUrl = source.AuthorUrl.Trim(),
            AuthorKey = AuthorKeys.ForEmail(email),
            BodyText = body.Text,
            BodyHtml = body.Html,
            CreatedAt = source.Date,
            Status = status,
            StatusChangedAt = source.Date,
            VerdictAction = status switch
            {
                CommentStatus.Approved => VerdictAction.Publish,
                CommentStatus.Spam => VerdictAction.Spam,
                _ => VerdictAction.Hold,
            },
            VerdictJson = "[]",
            // History: its author and the parent's author heard, or not, from WordPress; this site owes them no mail.
            DecisionMailed = status is CommentStatus.Approved or CommentStatus.Rejected ? status : null,
            ReplyMailed = true,
            Ip = source.Ip.Trim(),
            Kind = source.Kind,
            SourceCommentId = source.Id,
        };
    }

    private ModerationEvent Audit(WxrSite site, Batch batch, AuditActor actor) =>
        AuditTrail.OfSite(AuditActions.Import, to: null,
            $"WordPress import from {site.Address}: {batch.Comments} comments, {batch.Articles} new articles (no rules run, no mail sent).",
            actor, clock.GetUtcNow());

    private static string OneLine(string text) => string.Join(' ', text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..length].TrimEnd();

    /// <summary>One write transaction of the import: its comment writer (ids read inside it, after other writers) and its counts.</summary>
    private sealed class Batch
    {
        private Batch(WriteTransaction transaction, CommentRowWriter writer)
        {
            Transaction = transaction;
            Writer = writer;
        }

        public WriteTransaction Transaction { get; }
        public CommentRowWriter Writer { get; }
        public SeedTally Tally { get; } = new();
        public int Comments { get; set; }
        public int Articles { get; set; }

        public static async Task<Batch> BeginAsync(AppDbContext db, SqlStatements sql, CancellationToken cancellationToken)
        {
            var transaction = await db.BeginWriteAsync(cancellationToken);
            var writer = await sql.OpenCommentRowWriterAsync(db, cancellationToken);
            var batch = new Batch(transaction, writer);
            batch.Tally.TouchAllQueues();
            return batch;
        }

        public async Task AbandonAsync()
        {
            Writer.Dispose();
            await Transaction.DisposeAsync();
        }

        public async Task EndAsync(AppDbContext db, SqlStatements sql, bool commit, ModerationEvent audit, CancellationToken cancellationToken)
        {
            using (Writer)
            {
                await using (Transaction)
                {
                    if (!commit)
                    {
                        await Transaction.RollbackAsync(cancellationToken);
                        return;
                    }
                    Tally.Flush(sql, db, Transaction.DbTransaction);
                    if (Comments > 0 || Articles > 0)
                    {
                        db.ModerationEvents.Add(audit);
                        await db.SaveChangesAsync(cancellationToken);
                        db.ChangeTracker.Clear();
                    }
                    await Transaction.CommitAsync(cancellationToken);
                }
            }
        }
    }
}

using CommentModeration.Core.Comments;
using CommentModeration.Core.Discussion;
using CommentModeration.Data;
using CommentModeration.Data.Comments;
using CommentModeration.Data.Entities;
using CommentModeration.Data.Sql;
using CommentModeration.Web.Components.Pages.Articles;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;

namespace CommentModeration.Web.Articles;

/// <summary>
/// The reader site's queries. Only the page's threads are read: a page of top-level comments
/// on the (ArticleId, Status, ParentId, CreatedAt) index, then the replies of those roots via
/// ThreadRootId, projected to small read models and built into a tree in memory.
/// </summary>
public sealed class ArticleReader(AppDbContext db, SqlStatements sql, ReaderFragmentCache fragments, TimeProvider clock)
{
    // Declared before the compiled queries that use them: static fields initialise in order.
    private static readonly System.Linq.Expressions.Expression<Func<Comment, bool>> IsVisible = CommentVisibility.IsVisible;

    internal static readonly System.Linq.Expressions.Expression<Func<Comment, CommentView>> ToView = c =>
        new CommentView(c.Id, c.ParentId, c.ThreadRootId, c.AuthorName, c.AuthorUrl, c.CreatedAt, c.BodyHtml, c.Status, c.EditedAt);

    public const int HomePageSize = 30;

    public async Task<IReadOnlyList<ArticleSummary>> LatestAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        return await db.Articles.AsNoTracking()
            .Where(a => a.PublishedAt <= now)
            .OrderByDescending(a => a.PublishedAt).ThenByDescending(a => a.Id)
            .Take(HomePageSize)
            .Select(a => new ArticleSummary(a.Id, a.Slug, a.Title, a.Excerpt, a.PublishedAt, a.ApprovedCommentCount))
            .ToListAsync(ct);
    }

    public async Task<ArticleDetails?> FindAsync(string slug, DiscussionSettings settings, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var article = await fragments.GetOrLoadArticleAsync(slug, now, () => ArticleBySlug.For(db)(db, slug, now, ct));
        if (article is null) return null;
        return article with { CommentsClosed = AreCommentsClosed(article.Policy, article.PublishedAt, settings, now) };
    }

    /// <summary>Closed by the article's policy, or because it is older than the configured number of days.</summary>
    public static bool AreCommentsClosed(CommentPolicy policy, DateTimeOffset publishedAt, DiscussionSettings settings, DateTimeOffset now) =>
        policy == CommentPolicy.Closed
        || (settings.CloseCommentsAfterDays > 0 && now - publishedAt > TimeSpan.FromDays(settings.CloseCommentsAfterDays));

    /// <summary>An approved, visible comment of this article that a reader may reply to.</summary>
    public Task<CommentView?> FindReplyTargetAsync(long articleId, long commentId, CancellationToken ct = default) =>
        Visible(db.Comments.AsNoTracking().Where(c => c.Id == commentId && c.ArticleId == articleId))
            .Select(ToView)
            .FirstOrDefaultAsync(ct);

    /// <summary>
    /// A page of the article's threads as HTML. The same for every reader without a held comment
    /// of their own on the article, so shared through <see cref="ReaderFragmentCache"/>. A reader
    /// with held comments, or with comments they may still edit, gets the shared page with only
    /// the threads holding them written anew (their own held threads placed among the rest, an
    /// Edit link on what they may edit): the page's query and the other threads' markup stay shared.
    /// </summary>
    public async Task<RenderedThreads> ThreadsAsync(ArticleDetails article, int requestedPage, DiscussionSettings settings, ReaderIdentity reader, CancellationToken ct = default)
    {
        var held = OwnHeld(article.Id, reader, ct);
        var shared = await SharedPageAsync(article, requestedPage, settings, ct);
        if (held.Count == 0 && reader.OwnCommentIds.Count == 0) return shared.Rendered;

        var page = shared.Page;
        var perPage = Math.Max(1, settings.CommentsPerPage);
        var heldRoots = new List<CommentView>();
        foreach (var heldRoot in held.Where(c => c.ParentId is null))
        {
            // Prepared: a reader whose held thread is on the page asks on every view.
            var after = sql.CountVisibleThreadsAfter(article.Id, heldRoot.CreatedAt, heldRoot.Id);
            if (PageOfRoot(after, rootIsPublished: false, page.TopLevelCount, perPage, settings.CommentOrder) == page.PageNumber) heldRoots.Add(heldRoot);
        }
        var shownRootIds = page.Threads.Select(t => t.Comment.Id).Concat(heldRoots.Select(r => r.Id)).ToHashSet();
        var heldReplies = held.Where(c => c.ParentId is not null && shownRootIds.Contains(c.ThreadRootId)).ToLookup(c => c.ThreadRootId);
        var editable = Editable(page, held, reader, settings);
        if (heldRoots.Count == 0 && heldReplies.Count == 0 && editable.Count == 0) return shared.Rendered;

        // Every thread on the page in posting order, each either shared as it is or rebuilt with the reader's held comments and Edit links.
        var threads = new List<(CommentView Root, MarkupString? Shared, List<CommentView>? Comments)>();
        for (var i = 0; i < page.Threads.Count; i++)
        {
            var root = page.Threads[i];
            if (heldReplies.Contains(root.Comment.Id) || (editable.Count > 0 && CommentTree.Flatten(root).Any(c => editable.Contains(c.Id))))
            {
                threads.Add((root.Comment, null, [.. CommentTree.Flatten(root), .. heldReplies[root.Comment.Id]]));
            }
            else threads.Add((root.Comment, shared.Rendered.Html[i + 1], null));
        }
        foreach (var heldRoot in heldRoots)
        {
            List<CommentView> comments = [heldRoot, .. heldReplies[heldRoot.Id]];
            // A root that was approved and then held again may still have visible replies.
            await foreach (var reply in VisibleRepliesOf.For(db)(db, heldRoot.Id).WithCancellation(ct)) comments.Add(reply);
            threads.Add((heldRoot, null, comments));
        }

        var ordered = threads.OrderBy(t => t.Root.CreatedAt).ThenBy(t => t.Root.Id);
        var links = ThreadLinks.Of(article, page.PageNumber, settings);
        // Bounded as the shared threads are, with the reader's held comments shown below the cut and the branch leading to them.
        var pinned = held.Select(c => c.Id).ToHashSet();
        var parts = (settings.CommentOrder == CommentOrder.NewestFirst ? ordered.Reverse() : ordered)
            .Select(t => t.Shared ?? RenderOwn(CommentTree.Build(t.Comments!, settings.ThreadDepth)[0]));
        return shared.Rendered with { Html = CommentThreadMarkup.List(parts), ForOneReader = true };

        MarkupString RenderOwn(CommentNode thread) =>
            CommentThreadMarkup.RenderThread(thread, links, editable, ReplyBounds.OfThread(thread, page.Threads.Count, pinned));
    }

    /// <summary>A page of the article's threads as everyone sees it, from <see cref="ReaderFragmentCache"/> or read and rendered now.</summary>
    public Task<SharedThreads> SharedPageAsync(ArticleDetails article, int page, DiscussionSettings settings, CancellationToken ct = default) =>
        fragments.GetOrRenderAsync(article, page, settings, () => Task.FromResult(Page(article, page, settings, ct)));

    /// <summary>
    /// Whether the reader's pages of the article are everyone's: no held comment of theirs on it
    /// and no comment they may still edit, so <see cref="ThreadsAsync"/> gives them the shared threads.
    /// </summary>
    public bool SharesThreads(long articleId, ReaderIdentity reader, CancellationToken ct = default) =>
        reader.OwnCommentIds.Count == 0 && OwnHeld(articleId, reader, ct).Count == 0;

    /// <summary>
    /// The reader's comments on the page still within the edit window: their held ones, and the
    /// published ones their browser remembers posting. Judged by the comment's own time, not by
    /// the cookie's life; <see cref="CommentEditing"/> checks again when the edit comes.
    /// </summary>
    private HashSet<long> Editable(CommentPage page, List<CommentView> held, ReaderIdentity reader, DiscussionSettings settings)
    {
        var editable = new HashSet<long>();
        if (settings.EditWindowMinutes <= 0) return editable;
        var since = clock.GetUtcNow() - TimeSpan.FromMinutes(settings.EditWindowMinutes);
        foreach (var comment in held)
        {
            if (comment.CreatedAt > since) editable.Add(comment.Id);
        }
        if (reader.OwnCommentIds.Count == 0) return editable;
        foreach (var comment in page.Threads.SelectMany(CommentTree.Flatten))
        {
            if (comment.CreatedAt > since && reader.OwnCommentIds.Contains(comment.Id)) editable.Add(comment.Id);
        }
        return editable;
    }

    private CommentPage Page(ArticleDetails article, int requestedPage, DiscussionSettings settings, CancellationToken ct)
    {
        var perPage = Math.Max(1, settings.CommentsPerPage);
        var topLevelCount = article.ThreadCount;
        var pageCount = PageCount(topLevelCount, perPage);
        var page = Math.Clamp(requestedPage, 1, pageCount);

        // The page's threads, roots and replies, in one prepared statement: a page written anew runs
        // it on every view. Read synchronously: SQLite's reads complete synchronously anyway, and an
        // asynchronous enumeration cost a state machine per row.
        ct.ThrowIfCancellationRequested();
        IReadOnlyList<CommentNode> threads;
        if (settings.CommentOrder == CommentOrder.NewestFirst)
        {
            // Counted back from the newest thread, read oldest first as the statement reads, then turned round.
            var end = topLevelCount - (page - 1) * perPage;
            var start = Math.Max(0, end - perPage);
            threads = [.. CommentTree.Build(sql.VisibleThreadsOfPage(article.Id, start, Math.Max(0, end - start)), settings.ThreadDepth).Reverse()];
        }
        else threads = CommentTree.Build(sql.VisibleThreadsOfPage(article.Id, (page - 1) * perPage, perPage), settings.ThreadDepth);
        return new CommentPage(threads, page, pageCount, topLevelCount);
    }

    /// <summary>The comment page an article's address shows when it names none: the first, or the last (<see cref="DiscussionSettings.CommentLandingPage"/>).</summary>
    public static int LandingPage(ArticleDetails article, DiscussionSettings settings) =>
        settings.CommentLandingPage == CommentLandingPage.Last ? PageCount(article.ThreadCount, Math.Max(1, settings.CommentsPerPage)) : 1;

    // Compiled once: the reader page runs these on every uncached view, and EF's per-query
    // translation work was the larger part of the page's cost.
    private static readonly CompiledPerModel<Func<AppDbContext, string, DateTimeOffset, CancellationToken, Task<ArticleDetails?>>> ArticleBySlug = new(() =>
        EF.CompileAsyncQuery((AppDbContext db, string slug, DateTimeOffset now, CancellationToken ct) =>
            db.Articles.AsNoTracking()
                .Where(a => a.Slug == slug && a.PublishedAt <= now)
                .Select(a => new ArticleDetails(a.Id, a.Slug, a.Title, a.Body, a.AuthorName, a.AuthorUserId,
                    a.PublishedAt, a.CommentPolicy, a.ApprovedCommentCount, a.PublishedThreadCount, false))
                .FirstOrDefault()));

    /// <summary>The page a thread is on (a held root counts where it will stand).</summary>
    public int PageOfThread(long articleId, long threadRootId, DiscussionSettings settings)
    {
        // One statement: every successful post asks where its thread stands, to redirect to it.
        var place = sql.PlaceOfThread(articleId, threadRootId);
        if (place is null) return 1;
        return PageOfRoot(place.ThreadsAfter, place.IsPublishedThread, place.ThreadCount, Math.Max(1, settings.CommentsPerPage), settings.CommentOrder);
    }

    private static int PageCount(int threadCount, int perPage) => Math.Max(1, (threadCount + perPage - 1) / perPage);

    /// <summary>
    /// The threads before a root are the article's published threads less those after it
    /// (<paramref name="threadsAfter"/>) and itself, when published; newest first, the threads after
    /// it come before it. Counted from the end: the thread a reader just posted or replied to is
    /// nearly always among the newest, where counting from the start walked every thread of the article on each post.
    /// </summary>
    private static int PageOfRoot(int threadsAfter, bool rootIsPublished, int threadCount, int perPage, CommentOrder order)
    {
        var before = order == CommentOrder.NewestFirst ? threadsAfter : Math.Max(0, threadCount - threadsAfter - (rootIsPublished ? 1 : 0));
        return Math.Min(before / perPage + 1, PageCount(threadCount, perPage));
    }

    private static readonly CompiledPerModel<Func<AppDbContext, long, IAsyncEnumerable<CommentView>>> VisibleRepliesOf = new(() =>
        EF.CompileAsyncQuery((AppDbContext db, long rootId) =>
            db.Comments.AsNoTracking().Where(IsVisible).Where(c => c.ThreadRootId == rootId && c.ParentId != null).Select(ToView)));

    /// <summary>
    /// Held comments this reader wrote: remembered by the browser's cookie (each looked up by its
    /// id), or by the signed-in account (through its author key). Neither reads the article's
    /// other held comments: filtering the article's pending comments by reader walked all of them
    /// on every signed-in view of an article with a long moderation backlog.
    /// </summary>
    private List<CommentView> OwnHeld(long articleId, ReaderIdentity reader, CancellationToken ct)
    {
        if (reader.UserId is null && reader.HeldCommentIds.Count == 0) return [];
        ct.ThrowIfCancellationRequested();
        var held = new List<CommentView>();
        // Prepared as the page's statement is: a reader holding the cookie runs one on every view of every article.
        foreach (var id in reader.HeldCommentIds)
        {
            if (sql.HeldComment(id, articleId) is { } comment) held.Add(comment);
        }
        if (reader.UserId is not null)
        {
            foreach (var comment in sql.HeldCommentsOfAuthor(AuthorKeys.ForUser(reader.UserId), articleId))
            {
                if (!held.Exists(c => c.Id == comment.Id)) held.Add(comment);
            }
        }
        return held;
    }

    private static IQueryable<Comment> Visible(IQueryable<Comment> comments) => comments.Where(IsVisible);

}

/// <summary>Builds threads from a flat list: oldest first at every level, nested no deeper than the thread depth.</summary>
public static class CommentTree
{
    public static IReadOnlyList<CommentNode> Build(IEnumerable<CommentView> comments, int maxDepth)
    {
        maxDepth = Math.Max(1, maxDepth);
        var roots = new List<CommentNode>();
        var nodes = new Dictionary<long, (CommentNode Node, CommentNode? Parent)>();
        foreach (var comment in comments.DistinctBy(c => c.Id).OrderBy(c => c.CreatedAt).ThenBy(c => c.Id))
        {
            if (comment.ParentId is not { } parentId)
            {
                var root = new CommentNode(comment, 1);
                roots.Add(root);
                nodes[comment.Id] = (root, null);
                continue;
            }
            // A reply whose parent is not shown (not approved, hidden, or on no page) is not shown either.
            if (!nodes.TryGetValue(parentId, out var parent)) continue;
            var (container, containerParent) = parent;
            if (container.Depth >= maxDepth && containerParent is not null)
            {
                // Deeper than allowed: attach beside the parent, at the deepest allowed level.
                container = containerParent;
                containerParent = nodes[container.Comment.Id].Parent;
            }
            var node = new CommentNode(comment, container.Depth + 1);
            container.Children.Add(node);
            nodes[comment.Id] = (node, container);
        }
        return roots;
    }

    /// <summary>A thread's comments as a flat list again, to build it anew with more comments.</summary>
    public static IEnumerable<CommentView> Flatten(CommentNode node) =>
        node.Children.SelectMany(Flatten).Prepend(node.Comment);
}

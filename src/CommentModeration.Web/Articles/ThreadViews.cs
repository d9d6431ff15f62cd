using CommentModeration.Core.Discussion;
using CommentModeration.Data;
using CommentModeration.Data.Comments;
using CommentModeration.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace CommentModeration.Web.Articles;

/// <summary>
/// A comment's thread view (<see cref="ArticleUrls.Thread"/>): the replies a comment page leaves
/// out (<see cref="ReplyBounds"/>), a window of them at a time, and where any comment is shown,
/// for its permalink. A thread is read whole (its visible comments) and built as the article's
/// pages build it, so a view's replies are exactly the ones the page's links leave out.
/// </summary>
public sealed class ThreadViews(AppDbContext db, ArticleReader reader)
{
    /// <summary>The comment's view from its <paramref name="from"/>-th published reply; null when readers cannot see the comment.</summary>
    public async Task<ThreadView?> ViewAsync(ArticleDetails article, long commentId, int from, DiscussionSettings settings, CancellationToken ct = default)
    {
        var head = await FindInThreadAsync(article.Id, commentId, settings, ct);
        if (head is null) return null;
        var published = head.Children.Count(c => !c.Comment.AwaitingModeration);
        from = Math.Clamp(from, 0, Math.Max(0, published - 1));
        return new ThreadView(head, from, published, ReplyBounds.OfView(head, from));
    }

    /// <summary>
    /// The address of the page showing the comment, with its anchor: its thread's comment page if
    /// that shows it, otherwise the thread view of its nearest shown ancestor that does, followed
    /// down the branch as a reader following the links would. Null when readers cannot see it.
    /// </summary>
    public async Task<string?> LocateAsync(long commentId, DiscussionSettings settings, CancellationToken ct = default)
    {
        var place = await db.Comments.AsNoTracking().Where(c => c.Id == commentId).Where(CommentVisibility.IsVisible)
            .Select(c => new { c.ArticleId, c.Article!.Slug, c.ThreadRootId }).FirstOrDefaultAsync(ct);
        if (place is null) return null;
        var pageNumber = reader.PageOfThread(place.ArticleId, place.ThreadRootId, settings);
        var onPage = ArticleUrls.Comment(place.Slug, pageNumber, commentId);
        var article = await reader.FindAsync(place.Slug, settings, ct);
        if (article is null) return onPage;
        var page = await reader.SharedPageAsync(article, pageNumber, settings, ct);
        if (page.Shown.Contains(commentId)) return onPage;

        // Below the cut: from the deepest comment of the branch shown, through the window of its replies that holds the next one.
        var thread = page.Page.Threads.FirstOrDefault(t => t.Comment.Id == place.ThreadRootId);
        var branch = thread is null ? null : Branch(thread, commentId);
        if (branch is null) return onPage;
        var shown = page.Shown;
        while (true)
        {
            var deepest = branch.FindLastIndex(n => shown.Contains(n.Comment.Id));
            var parent = branch[deepest];
            var index = parent.Children.Where(c => !c.Comment.AwaitingModeration).ToList().IndexOf(branch[deepest + 1]);
            // The page's "more" link starts at the first reply it leaves out; the view's own links go on from there a window at a time.
            var firstHidden = Math.Max(0, shown.FirstHidden(parent));
            if (index < firstHidden) firstHidden = 0;
            var from = firstHidden + (index - firstHidden) / ReplyBounds.RepliesPerView * ReplyBounds.RepliesPerView;
            shown = ReplyBounds.OfView(parent, from);
            if (shown.Contains(commentId)) return ArticleUrls.Thread(place.Slug, parent.Comment.Id, from) + "#comment-" + commentId;
        }
    }

    /// <summary>The comment within its thread as the article's pages build it (replies beyond the thread depth beside their parent), or null.</summary>
    private async Task<CommentNode?> FindInThreadAsync(long articleId, long commentId, DiscussionSettings settings, CancellationToken ct)
    {
        var rootId = await ThreadOf.For(db)(db, commentId, articleId, ct);
        if (rootId == 0) return null;
        var comments = new List<CommentView>();
        await foreach (var comment in VisibleOfThread.For(db)(db, rootId).WithCancellation(ct)) comments.Add(comment);
        var roots = CommentTree.Build(comments, settings.ThreadDepth);
        return roots.Count == 1 ? Branch(roots[0], commentId)?[^1] : null;
    }

    /// <summary>The comments from the thread's root down to the comment, or null when the thread does not show it.</summary>
    private static List<CommentNode>? Branch(CommentNode root, long commentId)
    {
        var path = new List<CommentNode>();
        return Walk(root) ? path : null;

        bool Walk(CommentNode node)
        {
            path.Add(node);
            if (node.Comment.Id == commentId) return true;
            foreach (var child in node.Children)
            {
                if (Walk(child)) return true;
            }
            path.RemoveAt(path.Count - 1);
            return false;
        }
    }

    private static readonly CompiledPerModel<Func<AppDbContext, long, long, CancellationToken, Task<long>>> ThreadOf = new(() =>
        EF.CompileAsyncQuery((AppDbContext db, long id, long articleId, CancellationToken ct) =>
            db.Comments.AsNoTracking().Where(CommentVisibility.IsVisible).Where(c => c.Id == id && c.ArticleId == articleId)
                .Select(c => c.ThreadRootId).FirstOrDefault()));

    private static readonly CompiledPerModel<Func<AppDbContext, long, IAsyncEnumerable<CommentView>>> VisibleOfThread = new(() =>
        EF.CompileAsyncQuery((AppDbContext db, long rootId) =>
            db.Comments.AsNoTracking().Where(CommentVisibility.IsVisible).Where(c => c.ThreadRootId == rootId).Select(ArticleReader.ToView)));
}

/// <summary>A comment's thread view: the comment, where its window of replies starts, how many published replies it has, and what is shown.</summary>
public sealed record ThreadView(CommentNode Head, int From, int PublishedReplies, ShownReplies Shown);

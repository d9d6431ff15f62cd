namespace CommentModeration.Web.Articles;

/// <summary>
/// Which replies a comment page shows, so that a page stays small whatever the shape of its
/// threads: each comment shows at most its first <see cref="RepliesPerComment"/> replies, and a
/// page at most <see cref="RepliesPerPage"/> replies in all, shared among its threads (never fewer
/// than <see cref="MinRepliesPerThread"/> each). Replies are taken level by level (breadth first),
/// so a thread is cut at its deepest and latest branches. What is cut is reached through a
/// comment's thread view (<see cref="ArticleUrls.Thread"/>), which shows a window of
/// <see cref="RepliesPerView"/> of one comment's replies with the same bounds below them.
/// A reader's own held comments (pinned) are shown below the cut all the same, with the branch leading to them.
/// </summary>
public static class ReplyBounds
{
    public const int RepliesPerPage = 100;
    public const int MinRepliesPerThread = 2;
    public const int RepliesPerComment = 3;
    public const int RepliesPerView = 20;

    /// <summary>The replies each thread of a page of <paramref name="threadCount"/> threads may show.</summary>
    public static int PerThread(int threadCount) => Math.Max(MinRepliesPerThread, RepliesPerPage / Math.Max(1, threadCount));

    /// <summary>The replies shown on a page of threads, each thread bounded alike.</summary>
    public static ShownReplies OfPage(IReadOnlyList<CommentNode> threads)
    {
        var shown = new ShownReplies();
        var perThread = PerThread(threads.Count);
        foreach (var thread in threads) shown.Add(thread, perThread, window: null, pinned: null);
        return shown;
    }

    /// <summary>One thread of a page of <paramref name="threadCount"/> threads, as one reader sees it: their <paramref name="pinned"/> comments shown wherever they sit.</summary>
    public static ShownReplies OfThread(CommentNode thread, int threadCount, IReadOnlySet<long>? pinned)
    {
        var shown = new ShownReplies();
        shown.Add(thread, PerThread(threadCount), window: null, pinned);
        return shown;
    }

    /// <summary>A comment's thread view: its replies from the <paramref name="from"/>-th (counting the published ones), <see cref="RepliesPerView"/> of them, each with its own replies bounded.</summary>
    public static ShownReplies OfView(CommentNode head, int from)
    {
        var shown = new ShownReplies();
        shown.Add(head, RepliesPerPage, window: from, pinned: null);
        return shown;
    }
}

/// <summary>
/// The comments a page shows: the heads (roots, or a thread view's comment) and the replies its
/// bounds let through. Shown replies of a comment are its first published ones (or, for a thread
/// view's head, a window of them), so what is not shown is always a run from one place onwards:
/// <see cref="FirstHidden"/>.
/// </summary>
public sealed class ShownReplies
{
    private readonly HashSet<long> _ids = [];
    private readonly Dictionary<long, int> _windowStarts = [];

    public bool Contains(long commentId) => _ids.Contains(commentId);

    /// <summary>How many comments are shown, heads included.</summary>
    public int Count => _ids.Count;

    /// <summary>Where the published replies of <paramref name="node"/> not shown start (counting published replies only), or -1 when every one after the shown ones is shown.</summary>
    public int FirstHidden(CommentNode node)
    {
        var start = _windowStarts.GetValueOrDefault(node.Comment.Id);
        var index = 0;
        foreach (var child in node.Children)
        {
            if (child.Comment.AwaitingModeration) continue;
            if (index >= start && !_ids.Contains(child.Comment.Id)) return index;
            index++;
        }
        return -1;
    }

    /// <summary>The published replies, and their replies, from the <paramref name="from"/>-th published reply of <paramref name="node"/> on.</summary>
    public static int CountFrom(CommentNode node, int from) =>
        node.Children.Where(c => !c.Comment.AwaitingModeration).Skip(from).Sum(c => 1 + Descendants(c));

    private static int Descendants(CommentNode node) => node.Children.Sum(c => c.Comment.AwaitingModeration ? 0 : 1 + Descendants(c));

    internal void Add(CommentNode head, int budget, int? window, IReadOnlySet<long>? pinned)
    {
        _ids.Add(head.Comment.Id);
        if (window is { } from) _windowStarts[head.Comment.Id] = from;
        var leadsToPinned = pinned is { Count: > 0 } ? LeadingTo(head, pinned) : null;
        var queue = new Queue<CommentNode>();
        queue.Enqueue(head);
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            var published = node.Children.Where(c => !c.Comment.AwaitingModeration);
            var taken = node == head && window is { } start
                ? published.Skip(start).Take(ReplyBounds.RepliesPerView)
                : published.Take(ReplyBounds.RepliesPerComment);
            foreach (var child in taken)
            {
                // A view's own window is shown whole: the permalink of any reply in it lands there.
                if (budget <= 0 && !(node == head && window is not null)) break;
                budget--;
                _ids.Add(child.Comment.Id);
                queue.Enqueue(child);
            }
            if (leadsToPinned is null) continue;
            foreach (var child in node.Children)
            {
                if (leadsToPinned.Contains(child.Comment.Id) && _ids.Add(child.Comment.Id)) queue.Enqueue(child);
            }
        }
    }

    /// <summary>The pinned comments under <paramref name="head"/> and every comment on the way to them.</summary>
    private static HashSet<long> LeadingTo(CommentNode head, IReadOnlySet<long> pinned)
    {
        var leading = new HashSet<long>();
        Walk(head);
        return leading;

        bool Walk(CommentNode node)
        {
            var leads = pinned.Contains(node.Comment.Id);
            foreach (var child in node.Children) leads |= Walk(child);
            if (leads) leading.Add(node.Comment.Id);
            return leads;
        }
    }
}

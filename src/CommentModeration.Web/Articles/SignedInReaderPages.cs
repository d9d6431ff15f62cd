using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using CommentModeration.Core.Discussion;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Accounts;
using CommentModeration.Web.Components.Pages.Articles;
using CommentModeration.Web.Hosting;
using CommentModeration.Web.Rules;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.Extensions.Primitives;

namespace CommentModeration.Web.Articles;

/// <summary>
/// Serves a signed-in reader's article page from a page shared by every signed-in reader, with
/// only the parts that name them (<see cref="SignedInParts"/>) written for each request. A reader
/// with held comments on the article, or with comments they may still edit, gets the page
/// written for them as before. The page is kept the first time an eligible reader asks, in
/// <see cref="ReaderFragmentCache"/> beside the threads and under the same generations, so it is
/// evicted with them. Runs inside <see cref="AntiforgeryTokenInjection"/>: the kept page holds
/// token placeholders, never a token.
/// </summary>
public sealed class SignedInReaderPages(RequestDelegate next, ReaderFragmentCache fragments, CurrentRuleSet rulesInForce,
    HeldCommentCookie heldComments, OwnCommentCookie ownComments)
{
    private static readonly object CaptureKey = new();

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsGet(request.Method)
            || context.User.Identity?.IsAuthenticated != true
            || context.User.FindFirstValue(ClaimTypes.NameIdentifier) is not { } userId
            || context.GetEndpoint()?.Metadata.GetMetadata<ComponentTypeMetadata>()?.Type != typeof(ArticlePage)
            || context.GetRouteValue("slug") is not string slug)
        {
            await next(context);
            return;
        }

        var reader = context.RequestServices.GetRequiredService<ArticleReader>();
        var settings = rulesInForce.Settings;
        var article = await reader.FindAsync(slug, settings, context.RequestAborted);
        var identity = article is null ? null : new ReaderIdentity(userId, heldComments.Read(request, article.Id))
        {
            OwnCommentIds = ownComments.Read(request, article.Id),
        };
        if (article is null || !reader.SharesThreads(article.Id, identity!, context.RequestAborted))
        {
            await next(context);
            return;
        }

        var commentPage = request.Query["cpage"].ToString();
        var replyTo = request.Query["replytocom"].ToString();
        var key = fragments.SignedInPageKey(slug, commentPage, replyTo, settings, article.CommentsClosed);
        if (fragments.FindSignedInPage(key) is { } kept)
        {
            await WriteAsync(context, kept);
            return;
        }

        // Written once for all the signed-in readers asking at the same time (after a change, every one of them would).
        CapturedPage? own = null;
        var shared = await fragments.WriteSignedInPageOnceAsync(key, async () =>
        {
            own = await CaptureAsync(context, key, settings, article.CommentsClosed, commentPage, replyTo);
            return own.Kept ? own.Page : null;
        });
        // The page written by another request was not to be shared (a cookie set for that reader, a status other than 200): this one is written for this reader.
        var page = own?.Page ?? shared ?? (await CaptureAsync(context, key, settings, article.CommentsClosed, commentPage, replyTo)).Page;
        await WriteAsync(context, page);
    }

    /// <summary>The page as the rest of the pipeline writes it, with slots for the reader; kept when it is everyone's.</summary>
    private async Task<CapturedPage> CaptureAsync(HttpContext context, SignedInPageKey key, DiscussionSettings settings, bool commentsClosed, string commentPage, string replyTo)
    {
        var capture = new SignedInPageCapture();
        var response = context.Response;
        var headersBefore = response.Headers.Keys.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var original = response.Body;
        using var buffer = new PooledResponseBuffer();
        context.Items[CaptureKey] = capture;
        response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            response.Body = original;
            context.Items.Remove(CaptureKey);
        }

        // The headers the page set (its content type, Blazor's own) go with it; a cookie set for this reader keeps it from being shared.
        var headers = response.Headers.Where(h => !headersBefore.Contains(h.Key)).ToList();
        var page = SharedPage.Split(buffer.Written.Span, headers);
        var kept = response.StatusCode == StatusCodes.Status200OK && StringValues.IsNullOrEmpty(response.Headers.SetCookie)
            && capture.Shows(settings, commentsClosed, commentPage, replyTo);
        if (kept) fragments.KeepSignedInPage(key, page);
        return new CapturedPage(page, kept);
    }

    private sealed record CapturedPage(SharedPage Page, bool Kept);

    /// <summary>True while the page is being written to be shared: the parts naming the reader are then left as slots.</summary>
    public static bool IsCapturing(HttpContext? context) => context?.Items.ContainsKey(CaptureKey) == true;

    /// <summary>
    /// Called by the article page once it has read what it shows: the page is kept only when its
    /// threads are the shared ones and it shows the comment page and reply target its address names
    /// (so odd addresses cannot fill the cache), under the settings it was looked up with.
    /// </summary>
    public static void Rendered(HttpContext context, DiscussionSettings settings, ArticleDetails article, RenderedThreads threads, long? replyTo)
    {
        if (context.Items.TryGetValue(CaptureKey, out var value) && value is SignedInPageCapture capture)
        {
            capture.Settings = settings;
            capture.CommentsClosed = article.CommentsClosed;
            capture.Threads = threads;
            capture.ReplyTo = replyTo;
        }
    }

    private static async Task WriteAsync(HttpContext context, SharedPage page)
    {
        var response = context.Response;
        foreach (var (name, value) in page.Headers) response.Headers[name] = value;
        var user = context.User;
        foreach (var part in page.Parts)
        {
            await response.Body.WriteAsync(page.Body.AsMemory(part.Start, part.Length), context.RequestAborted);
            if (part.Slot is { } slot)
            {
                await response.Body.WriteAsync(Encoding.UTF8.GetBytes(SignedInParts.Write(slot, user)), context.RequestAborted);
            }
        }
    }

    private sealed class SignedInPageCapture
    {
        public DiscussionSettings? Settings { get; set; }
        public bool CommentsClosed { get; set; }
        public RenderedThreads? Threads { get; set; }
        public long? ReplyTo { get; set; }

        public bool Shows(DiscussionSettings settings, bool commentsClosed, string commentPage, string replyTo) =>
            Threads is { ForOneReader: false } threads
            && ReferenceEquals(Settings, settings)
            && CommentsClosed == commentsClosed
            && (commentPage.Length == 0 || commentPage == threads.PageNumber.ToString(System.Globalization.CultureInfo.InvariantCulture))
            && (replyTo.Length == 0 || replyTo == ReplyTo?.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}

/// <summary>A page as written for a signed-in reader, with a slot wherever the reader is named: its text in parts, each followed by a slot or nothing.</summary>
public sealed class SharedPage
{
    private SharedPage(byte[] body, IReadOnlyList<SharedPagePart> parts, IReadOnlyList<KeyValuePair<string, StringValues>> headers)
    {
        Body = body;
        Parts = parts;
        Headers = headers;
    }

    public byte[] Body { get; }
    public IReadOnlyList<SharedPagePart> Parts { get; }

    /// <summary>The headers the page set as it was written.</summary>
    public IReadOnlyList<KeyValuePair<string, StringValues>> Headers { get; }

    public static SharedPage Split(ReadOnlySpan<byte> written, IReadOnlyList<KeyValuePair<string, StringValues>> headers)
    {
        var body = written.ToArray();
        var parts = new List<SharedPagePart>();
        var start = 0;
        while (true)
        {
            var rest = body.AsSpan(start);
            var (index, slot, length) = SignedInParts.FindSlot(rest);
            if (index < 0)
            {
                parts.Add(new SharedPagePart(start, rest.Length, null));
                return new SharedPage(body, parts, headers);
            }
            parts.Add(new SharedPagePart(start, index, slot));
            start += index + length;
        }
    }
}

public readonly record struct SharedPagePart(int Start, int Length, ReaderSlot? Slot);

/// <summary>The parts of a reader page that differ between signed-in readers.</summary>
public enum ReaderSlot
{
    /// <summary>The reader's display name (the account link, "Logged in as").</summary>
    Name,

    /// <summary>The links to the staff workspaces their roles open.</summary>
    StaffLinks,
}

/// <summary>
/// The parts of a reader page that name the signed-in reader, written by these methods alone, for
/// a page rendered in full and for a shared page alike. While a page is written to be shared
/// (<see cref="SignedInReaderPages.IsCapturing"/>), each is a slot instead.
/// </summary>
public static class SignedInParts
{
    private const string SlotStart = "<!--cm-reader-slot:";
    private const string SlotEnd = "-->";
    private static readonly byte[] SlotStartBytes = Encoding.UTF8.GetBytes(SlotStart);

    /// <summary>The reader's display name, encoded.</summary>
    public static MarkupString Name(HttpContext? context, string name) =>
        new(SignedInReaderPages.IsCapturing(context) ? Slot(ReaderSlot.Name) : HtmlEncoder.Default.Encode(name));

    /// <summary>Moderation and Admin, as the reader's roles allow; nothing for a reader without a staff role.</summary>
    public static MarkupString StaffLinks(HttpContext? context, ClaimsPrincipal user) =>
        new(SignedInReaderPages.IsCapturing(context) ? Slot(ReaderSlot.StaffLinks) : StaffLinksOf(user));

    internal static string Write(ReaderSlot slot, ClaimsPrincipal user) => slot switch
    {
        ReaderSlot.Name => HtmlEncoder.Default.Encode(ReaderNames.Of(user)),
        ReaderSlot.StaffLinks => StaffLinksOf(user),
        _ => throw new ArgumentOutOfRangeException(nameof(slot)),
    };

    private static string StaffLinksOf(ClaimsPrincipal user)
    {
        if (!Roles.IsStaff(user)) return "";
        return user.IsInRole(Roles.Admin)
            ? "<a href=\"/moderation\">Moderation</a> <a href=\"/admin\">Admin</a>"
            : "<a href=\"/moderation\">Moderation</a>";
    }

    private static string Slot(ReaderSlot slot) => SlotStart + slot + SlotEnd;

    /// <summary>The first slot in a page: where it starts, which it is and how long its marker is; -1 when there is none.</summary>
    internal static (int Index, ReaderSlot? Slot, int Length) FindSlot(ReadOnlySpan<byte> page)
    {
        var index = page.IndexOf(SlotStartBytes);
        if (index < 0) return (-1, null, 0);
        var nameStart = index + SlotStartBytes.Length;
        var nameLength = page[nameStart..].IndexOf("-->"u8);
        var name = Encoding.UTF8.GetString(page.Slice(nameStart, nameLength));
        return (index, Enum.Parse<ReaderSlot>(name), SlotStartBytes.Length + nameLength + SlotEnd.Length);
    }
}

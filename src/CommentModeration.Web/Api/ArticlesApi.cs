using System.Text.Json.Serialization;
using CommentModeration.Core.Comments;
using CommentModeration.Data;
using CommentModeration.Web.Admin;
using CommentModeration.Web.Articles;
using CommentModeration.Web.Moderation;
using CommentModeration.Web.Rules;
using CommentModeration.Web.WordPress;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CommentModeration.Web.Api;

[JsonConverter(typeof(JsonStringEnumConverter<ApiCommentPolicy>))]
public enum ApiCommentPolicy
{
    [JsonStringEnumMemberName("open")] Open,
    [JsonStringEnumMemberName("premoderated")] PreModerated,
    [JsonStringEnumMemberName("closed")] Closed,
}

/// <param name="ReaderUrl">The article's page on this site.</param>
/// <param name="Url">The story's canonical address on the CMS that registered it.</param>
/// <param name="SourceSite">The CMS (or WordPress site) it was registered or imported from, with its id there.</param>
/// <param name="CommentsClosed">Closed now: by its policy, or because it is older than the site closes comments after.</param>
/// <param name="Section">The newsroom section (desk) the story belongs to; moderators work the queue by desk.</param>
public sealed record ApiArticle(long Id, string Slug, string Title, string ReaderUrl, string? Url, string? SourceSite, long? SourceId,
    DateTimeOffset PublishedAt, ApiCommentPolicy Comments, bool CommentsClosed, int PublishedComments, string? Section);

/// <summary>How a CMS registers a story (created, or updated when registered before).</summary>
/// <param name="Slug">The address on this site (/articles/SLUG); made from the title when left out, and kept on updates that leave it out.</param>
/// <param name="Url">The story's canonical address on the CMS; required by PUT /articles/by-url, which finds the article by it.</param>
/// <param name="SourceSite">The CMS's base address; required by PUT /articles/by-source/{sourceId}, which finds the article by both.</param>
/// <param name="Excerpt">Plain text or HTML; kept as plain text paragraphs, as the site keeps articles.</param>
/// <param name="Body">Plain text or HTML; kept as plain text paragraphs.</param>
/// <param name="Section">The newsroom section (desk), e.g. "Politics"; kept on updates that leave it out, removed by an empty string.</param>
public sealed record ArticleRegistration(string? Title, DateTimeOffset? PublishedAt, string? Slug = null, string? Url = null, string? SourceSite = null,
    ApiCommentPolicy? Comments = null, string? Excerpt = null, string? Body = null, string? Author = null, string? Section = null);

/// <summary>/api/v1/articles: what readers can open, and how a CMS registers its stories.</summary>
public static class ArticlesApi
{
    public static RouteGroupBuilder MapArticlesApi(this RouteGroupBuilder api)
    {
        var articles = api.MapGroup("/articles").WithTags("Articles");
        articles.MapGet("/", ListAsync).RequireScope(ApiScopes.Read)
            .WithSummary("List published articles, newest first");
        articles.MapGet("/{id:long}", GetAsync).RequireScope(ApiScopes.Read)
            .WithSummary("Get a published article").ProducesProblem(StatusCodes.Status404NotFound);
        articles.MapPut("/by-source/{sourceId:long}", (long sourceId, HttpRequest request, ApiCaller caller, ArticleEditing editing, IDbContextFactory<AppDbContext> dbFactory, CurrentRuleSet rules, TimeProvider clock, CancellationToken ct) =>
                RegisterAsync(request, caller, sourceId, editing, dbFactory, rules, clock, ct))
            .RequireScope(ApiScopes.Admin).Accepts<ArticleRegistration>("application/json")
            .WithSummary("Create or update an article by the CMS's own post id (with sourceSite)")
            .WithDescription("Finds the article registered (or imported from WordPress) with this sourceSite and post id; creates it when there is none.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        articles.MapPut("/by-url", (HttpRequest request, ApiCaller caller, ArticleEditing editing, IDbContextFactory<AppDbContext> dbFactory, CurrentRuleSet rules, TimeProvider clock, CancellationToken ct) =>
                RegisterAsync(request, caller, sourceId: null, editing, dbFactory, rules, clock, ct))
            .RequireScope(ApiScopes.Admin).Accepts<ArticleRegistration>("application/json")
            .WithSummary("Create or update an article by its canonical address (url)")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    private static async Task<Results<Ok<ApiPage<ApiArticle>>, ProblemHttpResult>> ListAsync(int? pageSize, string? cursor, HttpRequest request,
        IDbContextFactory<AppDbContext> dbFactory, CurrentRuleSet rules, TimeProvider clock, CancellationToken ct)
    {
        var errors = new ApiText.Errors();
        var size = ApiPaging.PageSize(pageSize, errors);
        var after = ApiPaging.ReadCursor(cursor, 2, errors);
        if (errors.Any) return ApiProblems.Invalid(errors);

        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.Articles.AsNoTracking().Where(a => a.PublishedAt <= now);
        if (after is [var ticks, var id])
        {
            var at = new DateTimeOffset(ticks, TimeSpan.Zero);
            query = query.Where(a => a.PublishedAt < at || (a.PublishedAt == at && a.Id < id));
        }
        var rows = await query.OrderByDescending(a => a.PublishedAt).ThenByDescending(a => a.Id).Take(size + 1).Select(Row).ToListAsync(ct);
        var next = rows.Count > size ? ApiPaging.NextLink(request, ApiPaging.Cursor(rows[size - 1].PublishedAt.UtcTicks, rows[size - 1].Id)) : null;
        return TypedResults.Ok(new ApiPage<ApiArticle>(rows.Take(size).Select(r => r.ToApi(rules.Settings, now)).ToList(), next));
    }

    private static async Task<Results<Ok<ApiArticle>, ProblemHttpResult>> GetAsync(long id, IDbContextFactory<AppDbContext> dbFactory, CurrentRuleSet rules, TimeProvider clock, CancellationToken ct) =>
        await FindAsync(id, dbFactory, rules, clock, ct, publishedOnly: true) is { } article
            ? TypedResults.Ok(article)
            : ApiProblems.NotFound($"There is no published article {id}.");

    /// <summary>An article as the API shows it; one scheduled for later only to its registration's answer.</summary>
    private static async Task<ApiArticle?> FindAsync(long id, IDbContextFactory<AppDbContext> dbFactory, CurrentRuleSet rules, TimeProvider clock, CancellationToken ct, bool publishedOnly)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.Articles.AsNoTracking().Where(a => a.Id == id && (!publishedOnly || a.PublishedAt <= now)).Select(Row).FirstOrDefaultAsync(ct);
        return row?.ToApi(rules.Settings, now);
    }

    private static async Task<Results<Created<ApiArticle>, Ok<ApiArticle>, ProblemHttpResult>> RegisterAsync(HttpRequest request, ApiCaller caller, long? sourceId,
        ArticleEditing editing, IDbContextFactory<AppDbContext> dbFactory, CurrentRuleSet rules, TimeProvider clock, CancellationToken ct)
    {
        var read = await ApiJson.ReadAsync<ArticleRegistration>(request);
        if (read.Problem is not null) return read.Problem;
        var registration = read.Value!;
        var errors = Check(registration, bySource: sourceId is not null);

        var sourceSite = registration.SourceSite?.Trim();
        var url = registration.Url?.Trim();
        var existingId = await editing.FindRegisteredAsync(sourceSite, sourceId, url, ct);
        var existing = existingId is { } found ? await editing.GetAsync(found, ct) : null;
        var form = existing ?? editing.New();
        form.Title = (registration.Title ?? "").Trim();
        form.Slug = (registration.Slug ?? existing?.Slug ?? "").Trim().ToLowerInvariant();
        if (form.Slug.Length == 0) form.Slug = ArticleEditing.SlugFrom(form.Title);
        form.PublishedAt = registration.PublishedAt ?? form.PublishedAt;
        form.CommentPolicy = registration.Comments is { } policy ? (CommentPolicy)policy : existing?.CommentPolicy ?? CommentPolicy.Open;
        // Articles here are plain text paragraphs: a CMS's HTML keeps its text, never its markup.
        if (registration.Excerpt is not null) form.Excerpt = WordPressHtml.Paragraphs(registration.Excerpt);
        if (registration.Body is not null) form.Body = WordPressHtml.Paragraphs(registration.Body);
        if (registration.Author is not null) form.AuthorName = registration.Author.Trim();
        if (registration.Section is not null) form.Section = registration.Section;
        if (url is not null) form.CanonicalUrl = url;
        if (sourceId is not null)
        {
            form.SourceSite = sourceSite;
            form.SourcePostId = sourceId;
        }

        // The admin form's own checks too, for the fields the API's checks found nothing wrong with.
        var reported = errors.Fields;
        foreach (var (field, message) in ArticleEditing.ValidateFields(form))
        {
            var name = FieldNames.GetValueOrDefault(field, field);
            if (!reported.Contains(name)) errors.Add(name, message);
        }
        if (errors.Any) return ApiProblems.Invalid(errors);
        var outcome = await editing.SaveAsync(form, caller.Actor, ct);
        if (!outcome.Succeeded)
        {
            var message = string.Join(" ", outcome.Errors);
            return outcome.Errors.Contains(CurrentRoles.Revoked) ? ApiProblems.Forbidden(message) : ApiProblems.Conflict(message);
        }
        var article = (await FindAsync(form.Id!.Value, dbFactory, rules, clock, ct, publishedOnly: false))!;
        return existing is null ? TypedResults.Created($"{ApiSetup.Prefix}/articles/{form.Id}", article) : TypedResults.Ok(article);
    }

    private static ApiText.Errors Check(ArticleRegistration registration, bool bySource)
    {
        var errors = new ApiText.Errors();
        errors.Text("title", registration.Title, ArticleEditing.MaxTitleLength, required: true);
        errors.Text("slug", registration.Slug, ArticleEditing.MaxSlugLength);
        errors.Text("author", registration.Author, ArticleEditing.MaxAuthorNameLength);
        errors.Text("section", registration.Section, ArticleEditing.MaxSectionLength);
        errors.Text("excerpt", registration.Excerpt, ArticleEditing.MaxBodyLength);
        errors.Text("body", registration.Body, ArticleEditing.MaxBodyLength);
        if (registration.PublishedAt is null) errors.Add("publishedAt", "publishedAt is required (an ISO 8601 date and time with its offset).");
        if (registration.Comments is { } policy && !Enum.IsDefined(policy)) errors.Add("comments", "comments must be open, premoderated or closed.");
        if (bySource && string.IsNullOrWhiteSpace(registration.SourceSite)) errors.Add("sourceSite", "sourceSite (the CMS's base address) is required with a source id.");
        if (!bySource && registration.SourceSite is not null) errors.Add("sourceSite", "sourceSite goes with PUT /articles/by-source/{sourceId}, not by-url.");
        if (!bySource && string.IsNullOrWhiteSpace(registration.Url)) errors.Add("url", "url (the story's canonical address) is required: it is what the article is found by.");
        return errors;
    }

    private static readonly Dictionary<string, string> FieldNames = new() { ["canonicalUrl"] = "url", ["authorName"] = "author" };

    private sealed record ArticleData(long Id, string Slug, string Title, string? CanonicalUrl, string? SourceSite, long? SourcePostId,
        DateTimeOffset PublishedAt, CommentPolicy Policy, int ApprovedCommentCount, string? Section)
    {
        public ApiArticle ToApi(Core.Discussion.DiscussionSettings settings, DateTimeOffset now) =>
            new(Id, Slug, Title, ArticleUrls.Article(Slug), CanonicalUrl, SourceSite, SourcePostId, PublishedAt, (ApiCommentPolicy)Policy,
                ArticleReader.AreCommentsClosed(Policy, PublishedAt, settings, now), ApprovedCommentCount, Section);
    }

    private static readonly System.Linq.Expressions.Expression<Func<Data.Entities.Article, ArticleData>> Row = a =>
        new ArticleData(a.Id, a.Slug, a.Title, a.CanonicalUrl, a.SourceSite, a.SourcePostId, a.PublishedAt, a.CommentPolicy, a.ApprovedCommentCount, a.Section);
}

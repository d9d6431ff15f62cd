using System.Text.RegularExpressions;
using CommentModeration.Core.Comments;
using CommentModeration.Data;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Articles;
using CommentModeration.Web.Moderation;
using Microsoft.EntityFrameworkCore;

namespace CommentModeration.Web.Admin;

/// <summary>An article as the admin edits it: every field a plain property so a form can bind to it.</summary>
public sealed class ArticleForm
{
    public long? Id { get; set; }
    public string Title { get; set; } = "";
    public string Slug { get; set; } = "";
    public string Excerpt { get; set; } = "";
    public string Body { get; set; } = "";
    public string AuthorName { get; set; } = "";
    public DateTimeOffset PublishedAt { get; set; }
    public CommentPolicy CommentPolicy { get; set; }

    /// <summary>The newsroom section (desk); empty for none.</summary>
    public string? Section { get; set; }

    /// <summary>Where the story stands on the CMS that registered it through the API (kept through the admin's edits).</summary>
    public string? CanonicalUrl { get; set; }

    /// <summary>The site and post id it was imported or registered by (kept through the admin's edits).</summary>
    public string? SourceSite { get; set; }
    public long? SourcePostId { get; set; }
}

public sealed record ArticleRow(long Id, string Title, string Slug, DateTimeOffset PublishedAt, CommentPolicy CommentPolicy, int ApprovedCommentCount, int PendingCommentCount);

/// <summary>Lists, creates and edits articles, refusing (with reasons, storing nothing) what readers could not be served.</summary>
public sealed partial class ArticleEditing(IDbContextFactory<AppDbContext> dbFactory, ArticlePageCache pageCache, CurrentRoles currentRoles, TimeProvider clock)
{
    public const int MaxTitleLength = 300;
    public const int MaxSlugLength = 200;
    public const int MaxExcerptLength = 1_000;
    public const int MaxBodyLength = 200_000;
    public const int MaxAuthorNameLength = 245;
    public const int MaxCanonicalUrlLength = 1_000;
    public const int MaxSourceSiteLength = 300;
    public const int MaxSectionLength = AppDbContext.MaxSectionLength;

    public async Task<IReadOnlyList<ArticleRow>> ListAsync(string? search = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Articles.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim().ToLowerInvariant();
            query = query.Where(a => EF.Functions.Like(a.Title.ToLower(), $"%{term}%") || EF.Functions.Like(a.Slug.ToLower(), $"%{term}%"));
        }
        return await query
            .OrderByDescending(a => a.PublishedAt)
            .Select(a => new ArticleRow(a.Id, a.Title, a.Slug, a.PublishedAt, a.CommentPolicy, a.ApprovedCommentCount,
                db.Comments.Count(c => c.ArticleId == a.Id && c.Status == CommentStatus.Pending)))
            .Take(500)
            .ToListAsync(cancellationToken);
    }

    /// <summary>How many articles a picker offers for what the admin typed.</summary>
    public const int FindLimit = 20;

    /// <summary>Articles whose title or slug holds the text, newest first, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<ArticleOption>> FindAsync(string? text, int limit = FindLimit, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Articles.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(text))
        {
            var pattern = LikePattern.Containing(text);
            query = query.Where(a => EF.Functions.Like(a.Title.ToLower(), pattern, LikePattern.Escape) || EF.Functions.Like(a.Slug.ToLower(), pattern, LikePattern.Escape));
        }
        return await query.OrderByDescending(a => a.PublishedAt).Take(limit).Select(a => new ArticleOption(a.Id, a.Title)).ToListAsync(cancellationToken);
    }

    /// <summary>The titles of these articles, in the order given; one no longer stored is named by its id.</summary>
    public async Task<IReadOnlyList<ArticleOption>> OptionsAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default)
    {
        if (ids.Count == 0) return [];
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var titles = await db.Articles.AsNoTracking().Where(a => ids.Contains(a.Id)).Select(a => new { a.Id, a.Title })
            .ToDictionaryAsync(a => a.Id, a => a.Title, cancellationToken);
        return ids.Select(id => new ArticleOption(id, titles.GetValueOrDefault(id) ?? $"Article #{id} (no longer stored)")).ToList();
    }

    public ArticleForm New() => new() { PublishedAt = clock.GetUtcNow() };

    public async Task<ArticleForm?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Articles.AsNoTracking().Where(a => a.Id == id)
            .Select(a => new ArticleForm
            {
                Id = a.Id, Title = a.Title, Slug = a.Slug, Excerpt = a.Excerpt, Body = a.Body,
                AuthorName = a.AuthorName, PublishedAt = a.PublishedAt, CommentPolicy = a.CommentPolicy,
                CanonicalUrl = a.CanonicalUrl, SourceSite = a.SourceSite, SourcePostId = a.SourcePostId, Section = a.Section,
            })
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Stores the form (a new article when it has no id); on success the form gets the stored id and tidied slug.</summary>
    public async Task<SaveOutcome> SaveAsync(ArticleForm form, Moderator by, CancellationToken cancellationToken = default)
    {
        form.Title = form.Title.Trim();
        form.Slug = form.Slug.Trim().ToLowerInvariant();
        form.Section = string.IsNullOrWhiteSpace(form.Section) ? null : form.Section.Trim();
        if (form.Slug.Length == 0) form.Slug = SlugFrom(form.Title);
        var errors = Validate(form);
        if (errors.Count > 0) return new SaveOutcome(errors);
        if (!await currentRoles.HoldsAsync(by, Roles.Admin, cancellationToken)) return SaveOutcome.Refused(CurrentRoles.Revoked);

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.Articles.AnyAsync(a => a.Slug == form.Slug && a.Id != (form.Id ?? 0), cancellationToken))
        {
            return SaveOutcome.Refused($"Another article already uses the address /articles/{form.Slug}; choose another slug.");
        }
        if (form.CanonicalUrl is { } canonical && await db.Articles.AnyAsync(a => a.CanonicalUrl == canonical && a.Id != (form.Id ?? 0), cancellationToken))
        {
            return SaveOutcome.Refused($"Another article already has the canonical address {canonical}.");
        }

        Article? article;
        ArticleAudit? before = null;
        string? previousSlug = null;
        if (form.Id is { } id)
        {
            article = await db.Articles.FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
            if (article is null) return SaveOutcome.Refused("This article no longer exists.");
            previousSlug = article.Slug;
            before = ArticleAudit.Before(article);
        }
        else
        {
            article = new Article { Slug = form.Slug, Title = form.Title };
            db.Articles.Add(article);
        }
        article.Title = form.Title;
        article.Slug = form.Slug;
        article.Excerpt = form.Excerpt.Trim();
        article.Body = form.Body.Trim();
        article.AuthorName = form.AuthorName.Trim();
        article.PublishedAt = form.PublishedAt;
        article.CommentPolicy = form.CommentPolicy;
        article.Section = form.Section;
        article.CanonicalUrl = form.CanonicalUrl;
        article.SourceSite = form.SourceSite;
        article.SourcePostId = form.SourcePostId;
        if (ArticleAudit.Row(before, article, by, clock.GetUtcNow()) is { } audit) db.ModerationEvents.Add(audit);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Two admins picking the same slug (or two registrations of one story) at once: the unique index decides.
            return SaveOutcome.Refused($"Another article already uses the address /articles/{form.Slug} or this story's canonical address or source id; nothing was saved.");
        }
        form.Id = article.Id;
        // Readers see the edit at once: the old address (if the slug changed), the new one and the home page.
        if (previousSlug is not null && previousSlug != article.Slug) await pageCache.EvictAsync(previousSlug, cancellationToken);
        await pageCache.EvictAsync(article.Slug, cancellationToken);
        return SaveOutcome.Saved;
    }

    public static IReadOnlyList<string> Validate(ArticleForm form) => ValidateFields(form).Select(e => e.Message).ToList();

    /// <summary>The same errors, each with the field it is about (title, slug, excerpt, body, authorName, publishedAt, canonicalUrl, sourceSite).</summary>
    public static IReadOnlyList<(string Field, string Message)> ValidateFields(ArticleForm form)
    {
        var errors = new List<(string, string)>();
        if (string.IsNullOrWhiteSpace(form.Title)) errors.Add(("title", "Title is required."));
        else if (form.Title.Length > MaxTitleLength) errors.Add(("title", $"Title may be at most {MaxTitleLength} characters."));
        if (form.Slug.Length == 0) errors.Add(("slug", "Slug is required."));
        else if (form.Slug.Length > MaxSlugLength) errors.Add(("slug", $"Slug may be at most {MaxSlugLength} characters."));
        else if (!SlugPattern().IsMatch(form.Slug)) errors.Add(("slug", "Slug may hold only lowercase letters, digits and single hyphens between them (like my-first-story)."));
        if (form.Excerpt.Length > MaxExcerptLength) errors.Add(("excerpt", $"Excerpt may be at most {MaxExcerptLength:N0} characters."));
        if (form.Body.Length > MaxBodyLength) errors.Add(("body", $"Body may be at most {MaxBodyLength:N0} characters."));
        if (form.Section is { Length: > MaxSectionLength }) errors.Add(("section", $"Section may be at most {MaxSectionLength} characters."));
        if (form.AuthorName.Length > MaxAuthorNameLength) errors.Add(("authorName", $"Author may be at most {MaxAuthorNameLength} characters."));
        if (form.PublishedAt.Year is < 1990 or > 2200) errors.Add(("publishedAt", "Published date must be a real date."));
        if (form.CanonicalUrl is { } url && (url.Length > MaxCanonicalUrlLength || !Hosting.WebAddress.IsValid(url)))
        {
            errors.Add(("canonicalUrl", $"The canonical address must be an http or https address of at most {MaxCanonicalUrlLength:N0} characters."));
        }
        if (form.SourceSite is { } site && (site.Length > MaxSourceSiteLength || !Hosting.WebAddress.IsValid(site)))
        {
            errors.Add(("sourceSite", $"The source site must be an http or https address of at most {MaxSourceSiteLength} characters."));
        }
        return errors;
    }

    /// <summary>The id of the article registered with this source site and post id, or with this canonical address.</summary>
    public async Task<long?> FindRegisteredAsync(string? sourceSite, long? sourcePostId, string? canonicalUrl, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var articles = db.Articles.AsNoTracking();
        var found = sourceSite is not null && sourcePostId is not null
            ? articles.Where(a => a.SourceSite == sourceSite && a.SourcePostId == sourcePostId)
            : articles.Where(a => canonicalUrl != null && a.CanonicalUrl == canonicalUrl);
        return await found.Select(a => (long?)a.Id).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>A slug from a title: ASCII letters and digits, words joined by hyphens.</summary>
    public static string SlugFrom(string title)
    {
        var folded = new string(title.Normalize(System.Text.NormalizationForm.FormD)
            .Where(ch => System.Globalization.CharUnicodeInfo.GetUnicodeCategory(ch) != System.Globalization.UnicodeCategory.NonSpacingMark)
            .ToArray()).ToLowerInvariant();
        var slug = NonSlugRun().Replace(folded, "-").Trim('-');
        return slug.Length <= MaxSlugLength ? slug : slug[..MaxSlugLength].TrimEnd('-');
    }

    [GeneratedRegex("^[a-z0-9]+(?:-[a-z0-9]+)*$")]
    private static partial Regex SlugPattern();

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonSlugRun();
}

using System.Globalization;
using System.Net;
using System.Text;
using System.Xml;
using CommentModeration.Core.Comments;
using CommentModeration.Data;
using CommentModeration.Web.Articles;
using CommentModeration.Web.Mail;
using Microsoft.EntityFrameworkCore;

namespace CommentModeration.Web.WordPress;

/// <summary>
/// Writes the site's articles and comments as a WordPress export (WXR 1.2), which WordPress's
/// importer reads: the namespaces it expects, text in CDATA, every wp:comment field. Streamed: a
/// page of articles, then each article's comments, read as they are written.
/// </summary>
public sealed class WxrExport(IDbContextFactory<AppDbContext> dbFactory, SiteAddress site, TimeProvider clock)
{
    private const string Wp = "http://wordpress.org/export/1.2/";
    private const string Excerpt = "http://wordpress.org/export/1.2/excerpt/";
    private const string Content = "http://purl.org/rss/1.0/modules/content/";
    private const string DublinCore = "http://purl.org/dc/elements/1.1/";
    private const string DateFormat = "yyyy-MM-dd HH:mm:ss";
    private const int ArticlesPerRead = 100;

    /// <summary>The name a download of the export gets.</summary>
    public string FileName => $"comments-export-{clock.GetUtcNow():yyyy-MM-dd}.wxr.xml";

    public async Task WriteAsync(Stream output, CancellationToken cancellationToken = default)
    {
        // Synchronous writes: give it a file, not a response body (the download endpoint writes a temporary file first).
        using var xml = XmlWriter.Create(output, new XmlWriterSettings
        {
            Encoding = new UTF8Encoding(false),
            Indent = true,
            CloseOutput = false,
        });
        var address = site.Base.AbsoluteUri.TrimEnd('/');
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);

        xml.WriteStartDocument();
        xml.WriteStartElement("rss");
        xml.WriteAttributeString("version", "2.0");
        xml.WriteAttributeString("xmlns", "excerpt", null, Excerpt);
        xml.WriteAttributeString("xmlns", "content", null, Content);
        xml.WriteAttributeString("xmlns", "wfw", null, "http://wellformedweb.org/CommentAPI/");
        xml.WriteAttributeString("xmlns", "dc", null, DublinCore);
        xml.WriteAttributeString("xmlns", "wp", null, Wp);
        xml.WriteStartElement("channel");
        xml.WriteElementString("title", "Comments");
        xml.WriteElementString("link", address);
        xml.WriteElementString("description", "");
        xml.WriteElementString("pubDate", clock.GetUtcNow().ToString("r", CultureInfo.InvariantCulture));
        xml.WriteElementString("language", "en");
        xml.WriteElementString("wxr_version", Wp, "1.2");
        xml.WriteElementString("base_site_url", Wp, address);
        xml.WriteElementString("base_blog_url", Wp, address);

        var authors = await db.Articles.AsNoTracking().Select(a => a.AuthorName).Distinct().ToListAsync(cancellationToken);
        foreach (var author in authors.Where(a => a.Length > 0).Order(StringComparer.Ordinal))
        {
            xml.WriteStartElement("author", Wp);
            CData(xml, "author_login", Wp, Login(author));
            CData(xml, "author_display_name", Wp, author);
            xml.WriteEndElement();
        }

        for (long after = 0; ;)
        {
            var articles = await db.Articles.AsNoTracking().Where(a => a.Id > after).OrderBy(a => a.Id).Take(ArticlesPerRead).ToListAsync(cancellationToken);
            if (articles.Count == 0) break;
            foreach (var article in articles)
            {
                var link = address + ArticleUrls.Article(article.Slug);
                xml.WriteStartElement("item");
                CData(xml, "title", null, article.Title);
                xml.WriteElementString("link", link);
                xml.WriteElementString("pubDate", article.PublishedAt.ToString("r", CultureInfo.InvariantCulture));
                CData(xml, "creator", DublinCore, Login(article.AuthorName));
                xml.WriteStartElement("guid");
                xml.WriteAttributeString("isPermaLink", "false");
                xml.WriteString(link);
                xml.WriteEndElement();
                if (article.Section is { } section)
                {
                    xml.WriteStartElement("category");
                    xml.WriteAttributeString("domain", "category");
                    xml.WriteAttributeString("nicename", Admin.ArticleEditing.SlugFrom(section));
                    xml.WriteCData(section);
                    xml.WriteEndElement();
                }
                xml.WriteElementString("description", "");
                CData(xml, "encoded", Content, Html(article.Body));
                CData(xml, "encoded", Excerpt, Html(article.Excerpt));
                xml.WriteElementString("post_id", Wp, Number(article.Id));
                CData(xml, "post_date", Wp, Date(article.PublishedAt));
                CData(xml, "post_date_gmt", Wp, Date(article.PublishedAt));
                CData(xml, "comment_status", Wp, article.CommentPolicy == CommentPolicy.Closed ? "closed" : "open");
                CData(xml, "ping_status", Wp, "closed");
                CData(xml, "post_name", Wp, article.Slug);
                CData(xml, "status", Wp, "publish");
                xml.WriteElementString("post_parent", Wp, "0");
                xml.WriteElementString("menu_order", Wp, "0");
                CData(xml, "post_type", Wp, "post");
                CData(xml, "post_password", Wp, "");
                xml.WriteElementString("is_sticky", Wp, "0");
                if (article.CommentPolicy == CommentPolicy.PreModerated)
                {
                    xml.WriteStartElement("postmeta", Wp);
                    CData(xml, "meta_key", Wp, WxrPost.PreModeratedMetaKey);
                    CData(xml, "meta_value", Wp, "premoderated");
                    xml.WriteEndElement();
                }
                await foreach (var comment in db.Comments.AsNoTracking().Where(c => c.ArticleId == article.Id).OrderBy(c => c.Id)
                    .Select(c => new { c.Id, c.ParentId, c.AuthorName, c.AuthorEmail, c.AuthorUrl, c.Ip, c.CreatedAt, c.BodyHtml, c.Status, c.Kind })
                    .AsAsyncEnumerable().WithCancellation(cancellationToken))
                {
                    xml.WriteStartElement("comment", Wp);
                    xml.WriteElementString("comment_id", Wp, Number(comment.Id));
                    CData(xml, "comment_author", Wp, comment.AuthorName);
                    CData(xml, "comment_author_email", Wp, comment.AuthorEmail);
                    CData(xml, "comment_author_url", Wp, comment.AuthorUrl);
                    CData(xml, "comment_author_IP", Wp, comment.Ip);
                    CData(xml, "comment_date", Wp, Date(comment.CreatedAt));
                    CData(xml, "comment_date_gmt", Wp, Date(comment.CreatedAt));
                    CData(xml, "comment_content", Wp, comment.BodyHtml);
                    CData(xml, "comment_approved", Wp, comment.Status switch
                    {
                        CommentStatus.Approved => "1",
                        CommentStatus.Spam => "spam",
                        CommentStatus.Rejected => "trash",
                        _ => "0",
                    });
                    CData(xml, "comment_type", Wp, comment.Kind switch
                    {
                        CommentKind.Pingback => "pingback",
                        CommentKind.Trackback => "trackback",
                        _ => "comment",
                    });
                    xml.WriteElementString("comment_parent", Wp, Number(comment.ParentId ?? 0));
                    xml.WriteElementString("comment_user_id", Wp, "0");
                    xml.WriteEndElement();
                }
                xml.WriteEndElement();
                xml.Flush();
            }
            after = articles[^1].Id;
        }

        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndDocument();
    }

    /// <summary>Text in CDATA, as WordPress writes it; a "]]>" inside is split across two sections, and characters XML cannot hold are left out.</summary>
    private static void CData(XmlWriter xml, string name, string? ns, string text)
    {
        xml.WriteStartElement(name, ns);
        var clean = XmlText(text);
        var start = 0;
        for (var end = clean.IndexOf("]]>", StringComparison.Ordinal); end >= 0; end = clean.IndexOf("]]>", start, StringComparison.Ordinal))
        {
            xml.WriteCData(clean[start..(end + 2)]);
            start = end + 2;
        }
        xml.WriteCData(clean[start..]);
        xml.WriteEndElement();
    }

    private static string XmlText(string text)
    {
        if (text.All(XmlConvert.IsXmlChar)) return text;
        var kept = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (XmlConvert.IsXmlChar(text[i])) kept.Append(text[i]);
            else if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i])) kept.Append(text, i++, 2);
        }
        return kept.ToString();
    }

    /// <summary>Plain-text paragraphs as WordPress content: encoded, a blank line between paragraphs (WordPress adds the &lt;p&gt;).</summary>
    private static string Html(string text) => WebUtility.HtmlEncode(text.ReplaceLineEndings("\n"));

    private static string Login(string name)
    {
        var login = Admin.ArticleEditing.SlugFrom(name);
        return login.Length > 0 ? login : "author";
    }

    private static string Date(DateTimeOffset at) => at.UtcDateTime.ToString(DateFormat, CultureInfo.InvariantCulture);

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}

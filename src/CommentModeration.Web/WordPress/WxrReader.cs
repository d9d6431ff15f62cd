using System.Globalization;
using System.Xml;
using CommentModeration.Core.Comments;

namespace CommentModeration.Web.WordPress;

/// <summary>
/// Reads a WordPress export (WXR 1.0 to 1.2) one item at a time with an <see cref="XmlReader"/>:
/// memory holds one item and its comments, never the file. The channel's title and address come
/// before the first item in every export WordPress writes; <see cref="Site"/> holds them once read.
/// Anything that does not read as expected throws <see cref="WxrFormatException"/> with its line.
/// </summary>
public sealed class WxrReader : IDisposable
{
    private const string ContentNamespace = "http://purl.org/rss/1.0/modules/content/";
    private const string DublinCoreNamespace = "http://purl.org/dc/elements/1.1/";

    private readonly XmlReader _xml;
    private readonly IXmlLineInfo _lines;
    private string _title = "";
    private string _link = "";
    private string _blogUrl = "";
    private readonly Dictionary<string, string> _authorNames = new(StringComparer.Ordinal);
    private bool _inChannel;
    private bool _done;

    public WxrReader(Stream stream)
    {
        _xml = XmlReader.Create(stream, new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = true,
            CloseInput = false,
        });
        _lines = (IXmlLineInfo)_xml;
    }

    /// <summary>The exporting site, known once the first item (or the end) has been reached.</summary>
    public WxrSite Site => new(_title, Address());

    /// <summary>The line the reader stands at (for progress and messages).</summary>
    public int Line => _lines.LineNumber;

    /// <summary>The next item, or null at the end of the channel.</summary>
    public WxrPost? Next()
    {
        try
        {
            return ReadNext();
        }
        catch (XmlException e)
        {
            throw new WxrFormatException(e.LineNumber > 0 ? e.LineNumber : Line, "not well-formed XML: " + e.Message);
        }
    }

    private WxrPost? ReadNext()
    {
        if (_done) return null;
        if (!_inChannel)
        {
            _xml.MoveToContent();
            if (_xml.NodeType != XmlNodeType.Element || _xml.LocalName != "rss") throw Bad("this is not a WordPress export (WXR): it does not start with <rss>.");
            if (!ReadToChild("channel")) throw Bad("the export has no <channel>.");
            _inChannel = true;
            _xml.Read();
        }
        while (true)
        {
            if (_xml.NodeType == XmlNodeType.EndElement || _xml.EOF)
            {
                // </channel>: what follows (</rss>) must still be well-formed.
                while (_xml.Read()) { }
                _done = true;
                if (Address().Length == 0) throw Bad("the export names no site (<wp:base_blog_url> or <link> in the channel).");
                return null;
            }
            if (_xml.NodeType != XmlNodeType.Element)
            {
                _xml.Read();
                continue;
            }
            switch (Kind(_xml))
            {
                case ("", "item"):
                    if (Address().Length == 0) throw Bad("the export names no site (<wp:base_blog_url> or <link>) before its first item.");
                    return ReadItem();
                case ("", "title"): _title = _xml.ReadElementContentAsString().Trim(); break;
                case ("", "link"): _link = _xml.ReadElementContentAsString().Trim(); break;
                case ("wp", "base_blog_url"): _blogUrl = _xml.ReadElementContentAsString().Trim(); break;
                case ("wp", "author"): ReadAuthor(); break;
                default: _xml.Skip(); break;
            }
        }
    }

    private string Address() => (_blogUrl.Length > 0 ? _blogUrl : _link).TrimEnd('/');

    /// <summary>A &lt;wp:author&gt;: items name their author by login, readers know them by display name.</summary>
    private void ReadAuthor()
    {
        string login = "", displayName = "";
        foreach (var (ns, local) in Children())
        {
            switch ((ns, local))
            {
                case ("wp", "author_login"): login = Text(); break;
                case ("wp", "author_display_name"): displayName = Text(); break;
                default: _xml.Skip(); break;
            }
        }
        if (login.Length > 0 && displayName.Length > 0) _authorNames[login] = displayName;
    }

    private WxrPost ReadItem()
    {
        var line = Line;
        string? id = null, postDate = null, postDateGmt = null;
        string type = "post", status = "", title = "", name = "", link = "", creator = "", content = "", excerpt = "", commentStatus = "open", password = "";
        var comments = new List<WxrComment>();
        var preModerated = false;
        string? section = null;
        foreach (var (ns, local) in Children())
        {
            switch ((ns, local))
            {
                case ("", "title"): title = Text(); break;
                case ("", "link"): link = Text(); break;
                case ("", "category"): section = Section(section); break;
                case ("dc", "creator"): creator = Text(); break;
                case ("content", "encoded"): content = _xml.ReadElementContentAsString(); break;
                case ("excerpt", "encoded"): excerpt = _xml.ReadElementContentAsString(); break;
                case ("wp", "post_id"): id = Text(); break;
                case ("wp", "post_date"): postDate = Text(); break;
                case ("wp", "post_date_gmt"): postDateGmt = Text(); break;
                case ("wp", "comment_status"): commentStatus = Text(); break;
                case ("wp", "post_name"): name = Text(); break;
                case ("wp", "status"): status = Text(); break;
                case ("wp", "post_type"): type = Text(); break;
                case ("wp", "post_password"): password = Text(); break;
                case ("wp", "comment"): comments.Add(ReadComment()); break;
                case ("wp", "postmeta"): preModerated |= ReadPostMeta() == (WxrPost.PreModeratedMetaKey, "premoderated"); break;
                default: _xml.Skip(); break;
            }
        }
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var postId))
        {
            throw new WxrFormatException(line, $"the item \"{title}\" has no post id (<wp:post_id>) that is a whole number.");
        }
        var date = DateOf(postDateGmt, postDate) ?? (status == "publish"
            ? throw new WxrFormatException(line, $"post {postId} has no date that reads as yyyy-mm-dd hh:mm:ss (<wp:post_date>).")
            : DateTimeOffset.UnixEpoch);
        return new WxrPost(line, postId, type, status, title, name, link, date, _authorNames.GetValueOrDefault(creator, creator), content, excerpt,
            CommentsOpen: commentStatus != "closed", HasPassword: password.Length > 0, comments) { PreModerated = preModerated, Section = section };
    }

    /// <summary>
    /// A post's first &lt;category domain="category"&gt; names its section; tags, and WordPress's default
    /// "Uncategorized", do not. Reads the element whatever it holds, or the reader stays on it.
    /// </summary>
    private string? Section(string? first)
    {
        var isCategory = _xml.GetAttribute("domain") == "category" && _xml.GetAttribute("nicename") != "uncategorized";
        var name = Text();
        return first ?? (isCategory && name.Length > 0 ? name : null);
    }

    private (string Key, string Value) ReadPostMeta()
    {
        string key = "", value = "";
        foreach (var (ns, local) in Children())
        {
            switch ((ns, local))
            {
                case ("wp", "meta_key"): key = Text(); break;
                case ("wp", "meta_value"): value = Text(); break;
                default: _xml.Skip(); break;
            }
        }
        return (key, value);
    }

    private WxrComment ReadComment()
    {
        var line = Line;
        string? id = null, date = null, dateGmt = null, approved = null, parent = "0";
        string author = "", email = "", url = "", ip = "", content = "", type = "";
        foreach (var (ns, local) in Children())
        {
            switch ((ns, local))
            {
                case ("wp", "comment_id"): id = Text(); break;
                case ("wp", "comment_author"): author = Text(); break;
                case ("wp", "comment_author_email"): email = Text(); break;
                case ("wp", "comment_author_url"): url = Text(); break;
                case ("wp", "comment_author_IP"): ip = Text(); break;
                case ("wp", "comment_date"): date = Text(); break;
                case ("wp", "comment_date_gmt"): dateGmt = Text(); break;
                case ("wp", "comment_content"): content = _xml.ReadElementContentAsString(); break;
                case ("wp", "comment_approved"): approved = Text(); break;
                case ("wp", "comment_type"): type = Text(); break;
                case ("wp", "comment_parent"): parent = Text(); break;
                default: _xml.Skip(); break;
            }
        }
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var commentId))
        {
            throw new WxrFormatException(line, "a comment has no id (<wp:comment_id>) that is a whole number.");
        }
        if (!long.TryParse(parent.Length == 0 ? "0" : parent, NumberStyles.None, CultureInfo.InvariantCulture, out var parentId))
        {
            throw new WxrFormatException(line, $"comment {commentId}: its parent (<wp:comment_parent>) \"{parent}\" is not a comment id.");
        }
        var status = approved switch
        {
            "1" or "approve" => WxrCommentStatus.Approved,
            "0" or "hold" => WxrCommentStatus.Pending,
            "spam" => WxrCommentStatus.Spam,
            "trash" or "post-trashed" => WxrCommentStatus.Trash,
            _ => throw new WxrFormatException(line, $"comment {commentId}: <wp:comment_approved> is \"{approved}\"; expected 1, 0, spam or trash."),
        };
        var kind = type switch
        {
            "pingback" => CommentKind.Pingback,
            "trackback" => CommentKind.Trackback,
            _ => CommentKind.Comment,
        };
        var at = DateOf(dateGmt, date) ?? throw new WxrFormatException(line, $"comment {commentId} has no date that reads as yyyy-mm-dd hh:mm:ss (<wp:comment_date>).");
        return new WxrComment(line, commentId, parentId, author, email, url, ip, at, content, status, kind);
    }

    /// <summary>The child elements of the current one, each read (or skipped) by the caller before the next.</summary>
    private IEnumerable<(string Namespace, string LocalName)> Children()
    {
        if (_xml.IsEmptyElement)
        {
            _xml.Read();
            yield break;
        }
        var depth = _xml.Depth;
        _xml.Read();
        while (!(_xml.NodeType == XmlNodeType.EndElement && _xml.Depth == depth))
        {
            if (_xml.EOF) throw Bad("the file ends inside an element.");
            if (_xml.NodeType == XmlNodeType.Element)
            {
                var at = (_lines.LineNumber, _lines.LinePosition);
                yield return Kind(_xml);
                // A caller that left the child unread would see it again, for ever: skip it for them.
                if (_xml.NodeType == XmlNodeType.Element && (_lines.LineNumber, _lines.LinePosition) == at) _xml.Skip();
            }
            else _xml.Read();
        }
        _xml.Read();
    }

    private bool ReadToChild(string localName)
    {
        foreach (var (ns, local) in Children())
        {
            if (ns == "" && local == localName) return true;
            _xml.Skip();
        }
        return false;
    }

    private string Text() => _xml.ReadElementContentAsString().Trim();

    /// <summary>The namespace an element is in, by role: WordPress's URI changed between versions and schemes (http, https).</summary>
    private static (string Namespace, string LocalName) Kind(XmlReader xml)
    {
        var uri = xml.NamespaceURI;
        var ns = uri switch
        {
            "" => "",
            ContentNamespace => "content",
            DublinCoreNamespace => "dc",
            _ when uri.Contains("wordpress.org/export/", StringComparison.Ordinal) => uri.EndsWith("/excerpt/", StringComparison.Ordinal) ? "excerpt" : "wp",
            _ => "other",
        };
        return (ns, xml.LocalName);
    }

    /// <summary>The GMT time when WordPress wrote one (drafts have 0000-00-00), else the site's local time read as UTC.</summary>
    private static DateTimeOffset? DateOf(string? gmt, string? local)
    {
        foreach (var value in new[] { gmt, local })
        {
            if (DateTime.TryParseExact(value, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
            {
                return new DateTimeOffset(at, TimeSpan.Zero);
            }
        }
        return null;
    }

    private WxrFormatException Bad(string message) => new(Line, message);

    public void Dispose() => _xml.Dispose();
}

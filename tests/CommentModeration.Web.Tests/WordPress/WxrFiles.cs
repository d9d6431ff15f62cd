namespace CommentModeration.Web.Tests.WordPress;

/// <summary>WordPress exports for the tests: the real theme unit test file, and small ones written here.</summary>
public static class WxrFiles
{
    /// <summary>WordPress's Theme Unit Test export (Data/README.md says where it comes from).</summary>
    public static string ThemeUnitTest => Path.Combine(AppContext.BaseDirectory, "WordPress", "Data", "wordpress-theme-unit-test.wxr.xml");

    public static string Write(string folder, string name, string xml)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, xml);
        return path;
    }

    /// <summary>A WXR 1.2 file of the site <paramref name="site"/> holding <paramref name="items"/>.</summary>
    public static string Export(string site, params string[] items) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
        <channel>
        <title>Test news</title>
        <link>{site}</link>
        <wp:wxr_version>1.2</wp:wxr_version>
        <wp:base_blog_url>{site}</wp:base_blog_url>
        <wp:author><wp:author_login>editor</wp:author_login><wp:author_display_name><![CDATA[Ed Itor]]></wp:author_display_name></wp:author>
        {string.Join("\n", items)}
        </channel>
        </rss>
        """;

    public static string Post(long id, string name, string title, string comments = "", string status = "publish", string commentStatus = "open", string content = "First paragraph.\n\nSecond paragraph.") => $"""
        <item>
        <title>{title}</title>
        <dc:creator><![CDATA[editor]]></dc:creator>
        <content:encoded><![CDATA[{content}]]></content:encoded>
        <excerpt:encoded><![CDATA[]]></excerpt:encoded>
        <wp:post_id>{id}</wp:post_id>
        <wp:post_date><![CDATA[2024-03-01 10:00:00]]></wp:post_date>
        <wp:post_date_gmt><![CDATA[2024-03-01 09:00:00]]></wp:post_date_gmt>
        <wp:comment_status><![CDATA[{commentStatus}]]></wp:comment_status>
        <wp:post_name><![CDATA[{name}]]></wp:post_name>
        <wp:status><![CDATA[{status}]]></wp:status>
        <wp:post_type><![CDATA[post]]></wp:post_type>
        <wp:post_password><![CDATA[]]></wp:post_password>
        {comments}
        </item>
        """;

    public static string Comment(long id, long parent = 0, string approved = "1", string type = "comment", string author = "Reader",
        string email = "reader@example.net", string content = "A comment.", string date = "2024-03-02 12:00:00") => $"""
        <wp:comment>
        <wp:comment_id>{id}</wp:comment_id>
        <wp:comment_author><![CDATA[{author}]]></wp:comment_author>
        <wp:comment_author_email><![CDATA[{email}]]></wp:comment_author_email>
        <wp:comment_author_url><![CDATA[https://reader.example.net/]]></wp:comment_author_url>
        <wp:comment_author_IP><![CDATA[192.0.2.{id % 250}]]></wp:comment_author_IP>
        <wp:comment_date><![CDATA[{date}]]></wp:comment_date>
        <wp:comment_date_gmt><![CDATA[{date}]]></wp:comment_date_gmt>
        <wp:comment_content><![CDATA[{content}]]></wp:comment_content>
        <wp:comment_approved><![CDATA[{approved}]]></wp:comment_approved>
        <wp:comment_type><![CDATA[{type}]]></wp:comment_type>
        <wp:comment_parent>{parent}</wp:comment_parent>
        <wp:comment_user_id>0</wp:comment_user_id>
        </wp:comment>
        """;
}

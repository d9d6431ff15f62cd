namespace CommentModeration.Core.Rules.Definition;

/// <summary>The names fields go by in verdicts and in the rules file.</summary>
public static class TextFieldNames
{
    public const string Body = "body";
    public const string AuthorName = "authorName";
    public const string AuthorEmail = "authorEmail";
    public const string AuthorUrl = "authorUrl";
    public const string Ip = "ip";
    public const string UserAgent = "userAgent";

    public static string Of(TextField field) => field switch
    {
        TextField.Body => Body,
        TextField.AuthorName => AuthorName,
        TextField.AuthorEmail => AuthorEmail,
        TextField.AuthorUrl => AuthorUrl,
        TextField.Ip => Ip,
        TextField.UserAgent => UserAgent,
        _ => throw new ArgumentOutOfRangeException(nameof(field)),
    };

    /// <summary>Accepts the verdict names and the form's names (name, email, url, website).</summary>
    public static bool TryParse(string name, out TextField field)
    {
        switch (name.ToLowerInvariant())
        {
            case "body": case "comment": field = TextField.Body; return true;
            case "authorname": case "name": case "author": field = TextField.AuthorName; return true;
            case "authoremail": case "email": field = TextField.AuthorEmail; return true;
            case "authorurl": case "url": case "website": field = TextField.AuthorUrl; return true;
            case "ip": field = TextField.Ip; return true;
            case "useragent": field = TextField.UserAgent; return true;
            default: field = default; return false;
        }
    }
}

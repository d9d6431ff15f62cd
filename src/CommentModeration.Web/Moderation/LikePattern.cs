namespace CommentModeration.Web.Moderation;

/// <summary>
/// A SQL LIKE pattern that finds the given text literally (its % and _ escaped), lower-cased: match
/// it against the lower-cased column (<c>c.BodyText.ToLower()</c>), so case does not matter on
/// either database (SQLite's LIKE ignores ASCII case, PostgreSQL's does not).
/// </summary>
public static class LikePattern
{
    public const string Escape = "\\";

    public static string Containing(string text) =>
        "%" + text.Trim().ToLowerInvariant().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
}

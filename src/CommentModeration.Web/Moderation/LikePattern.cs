namespace CommentModeration.Web.Moderation;

/// <summary>A SQL LIKE pattern that finds the given text literally (its % and _ escaped).</summary>
public static class LikePattern
{
    public const string Escape = "\\";

    public static string Containing(string text) =>
        "%" + text.Trim().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
}

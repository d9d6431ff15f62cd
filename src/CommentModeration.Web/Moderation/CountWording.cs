namespace CommentModeration.Web.Moderation;

/// <summary>A count with its noun as a reader says it: "1 report", "3 reports".</summary>
public static class CountWording
{
    public static string Of(int count, string one, string? many = null) =>
        $"{count:N0} {(count == 1 ? one : many ?? one + "s")}";
}

namespace CommentModeration.Web.Hosting;

/// <summary>The interactive staff workspaces; everything else is a static reader page.</summary>
public static class StaffArea
{
    public static readonly PathString Moderation = "/moderation";
    public static readonly PathString Admin = "/admin";

    public static bool Contains(PathString path) =>
        path.StartsWithSegments(Moderation, StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments(Admin, StringComparison.OrdinalIgnoreCase);
}

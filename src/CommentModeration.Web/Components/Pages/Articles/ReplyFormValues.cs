namespace CommentModeration.Web.Components.Pages.Articles;

/// <summary>What the reader typed into the reply form, kept when the post is refused.</summary>
public sealed record ReplyFormValues(string Comment = "", string Author = "", string Email = "", string Url = "", long Parent = 0);

/// <summary>The comment a reply form answers.</summary>
public sealed record ReplyTarget(long CommentId, string AuthorName);

namespace CommentModeration.Web.Admin;

/// <summary>What an admin's save did: nothing (with the reasons, each one a sentence for the page) or everything.</summary>
public sealed record SaveOutcome(IReadOnlyList<string> Errors)
{
    public static readonly SaveOutcome Saved = new([]);

    public bool Succeeded => Errors.Count == 0;

    public static SaveOutcome Refused(params string[] errors) => new(errors);
}

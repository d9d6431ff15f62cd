using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace CommentModeration.E2E.Infrastructure;

/// <summary>A guest's comment, posted through the article page's form as a reader would.</summary>
public static partial class GuestComments
{
    /// <summary>Opens the article, fills the form as a new guest and posts; returns the comment's id from the page it lands on.</summary>
    public static async Task<long> PostAsync(IPage guest, string article, string text, string name = "Pat Newcomer")
    {
        await guest.GotoAsync(article);
        await guest.GetByLabel("Comment").FillAsync(text);
        await guest.GetByLabel("Name").FillAsync(name);
        await guest.GetByLabel("Email").FillAsync($"pat.{Guid.NewGuid():N}@example.net");
        await guest.GetByRole(AriaRole.Button, new() { Name = "Post Comment" }).ClickAsync();
        await Assertions.Expect(guest).ToHaveURLAsync(CommentAnchor());
        return long.Parse(CommentAnchor().Match(guest.Url).Groups[1].Value);
    }

    [GeneratedRegex(@"#comment-(\d+)$")]
    private static partial Regex CommentAnchor();
}

using CommentModeration.Core.Comments;
using CommentModeration.Core.Rules;

namespace CommentModeration.Core.Tests.Rules;

/// <summary>Text judged by what a page shows of it.</summary>
public class ReaderTextTests
{
    [Theory]
    [InlineData("\u200B\u200B")]
    [InlineData(" \u200D\uFEFF\u2060 ")]
    [InlineData("\u00AD\u202E\u2066")]
    [InlineData("\u3164\u2800\uFE0F")]
    public void Invisible_characters_make_an_empty_comment_and_an_empty_name(string blank)
    {
        var verdict = Given.Decide(Given.Comment(blank) with { AuthorName = blank });

        Assert.Equal(VerdictAction.Reject, verdict.Action);
        Assert.Contains(verdict.Hits, h => h.Reason == "Please type your comment.");
        Assert.Contains(verdict.Hits, h => h.Reason == "Please enter your name.");
    }

    [Theory]
    [InlineData("a\u200B")]
    [InlineData("\u200B😀")]
    [InlineData("\u05D0")]
    public void Anything_visible_is_not_blank(string text) => Assert.False(ReaderText.IsBlank(text));

    [Fact]
    public void Names_lose_every_direction_control_and_texts_the_ones_that_reorder()
    {
        Assert.Equal("Evil name", ReaderText.NameWithoutDirectionControls("Evil\u202E na\u200Fme\u2069"));
        Assert.Equal("file gpj.exe\u200F", ReaderText.BodyWithoutDirectionOverrides("file \u202Egpj.exe\u202C\u200F"));
        const string plain = "Nothing to take out.";
        Assert.Same(plain, ReaderText.BodyWithoutDirectionOverrides(plain));
    }
}

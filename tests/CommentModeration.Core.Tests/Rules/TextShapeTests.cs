using CommentModeration.Core.Rules.Evaluation;

namespace CommentModeration.Core.Tests.Rules;

/// <summary>The body statistics the shape rules share: the same counts whether a character falls in the eight-at-a-time ASCII path or not.</summary>
public class TextShapeTests
{
    [Theory]
    [InlineData("", 0, 0)]
    [InlineData("OK", 2, 2)]
    [InlineData("Hello there, WORLD! 123 @[`{", 15, 6)]                    // the characters just before and after A-Z and a-z
    [InlineData("ÉCOLE fermée, STRASSE ß, Ωmega ΣΑΣ, 漢字 ok", 31, 16)]      // letters outside ASCII, in and across 8-character blocks
    [InlineData("abcdefgABCDEFGH\u00C0bcdefghABCDEFGH", 31, 17)]
    public void Letters_and_capitals_are_counted_as_char_IsLetter_and_IsUpper_count_them(string text, int letters, int capitals)
    {
        var shape = TextShape.Of(text);
        Assert.Equal(letters, shape.Letters);
        Assert.Equal(capitals, shape.Capitals);
        Assert.Equal(text.Count(char.IsLetter), shape.Letters);
        Assert.Equal(text.Count(char.IsUpper), shape.Capitals);
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("a", 1)]
    [InlineData("abc", 1)]
    [InlineData("look", 2)]
    [InlineData("1234567!!!!!!!!!", 9)]                   // the run starts in one block and ends in the next
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaa", 25)]
    [InlineData("fine.            spaces\t\t\t\t", 1)]    // white space repeats do not count
    [InlineData("soooooo good and the end is hereeee", 6)]
    [InlineData("no repeat at all in this sentence here but the very end zz", 2)]
    public void Longest_repeat_leaves_out_white_space(string text, int longest) =>
        Assert.Equal(longest, TextShape.Of(text).LongestRepeat);
}

using CommentModeration.Core.Rules.Text;

namespace CommentModeration.Core.Tests.Rules;

/// <summary>Reading a pattern's shape: which could backtrack badly (and so run on the linear engine), and which literal every match needs.</summary>
public class RegexShapeTests
{
    [Theory]
    [InlineData("(a+)+$")]
    [InlineData("(a*)*b")]
    [InlineData("(a|ab)*c")]
    [InlineData("(?:\\s+\\w+){0,3}")]
    [InlineData("^(\\d+)*$")]
    [InlineData("\\w+\\s+\\w+x")]
    [InlineData(".*.*=.*")]
    [InlineData("((ab)+c)+")]
    public void Shapes_that_could_backtrack_badly(string pattern) => Assert.True(RegexShape.Read(pattern).CouldBacktrackBadly);

    [Theory]
    [InlineData("\\b\\d{3}[- ]\\d{3}[- ]\\d{4}\\b")]
    [InlineData("free\\s+money")]
    [InlineData("(?:https?://)?(?:www\\.)?spam\\.[a-z]{2,6}")]
    [InlineData("(foo|bar)baz")]
    [InlineData("[(+*]+x")]
    [InlineData("(ab){3}")]
    public void Shapes_that_cannot(string pattern) => Assert.False(RegexShape.Read(pattern).CouldBacktrackBadly);

    [Theory]
    [InlineData("free\\s+money", "money")]
    [InlineData("\\bbitcoin doubler\\b", "bitcoin doubler")]
    [InlineData("colou?r chart", "r chart")]
    [InlineData("paypa+l", "paypa")]
    [InlineData("www\\.spam\\.example", "www.spam.example")]
    [InlineData("(?:https?://)?spam\\.com", "spam.com")]
    [InlineData("a|bcdef", null)]
    [InlineData("\\d{3}-\\d{4}", null)]
    [InlineData("(cheap|free) pills", " pills")]
    [InlineData("é{2}lèvement", "vement")]   // only ASCII pieces: they fold the same way for the prefilter as for the regex
    [InlineData("ab", null)]                  // too short to be worth a scan
    public void Required_literal(string pattern, string? literal) => Assert.Equal(literal, RegexShape.Read(pattern).RequiredLiteral);
}

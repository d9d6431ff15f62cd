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

    // Repeats that may stop at more than 100 places backtrack like open-ended ones.
    [Theory]
    [InlineData(".{0,30000}.{0,30000}.{0,30000}#")]
    [InlineData("\\w{0,200}\\s{1,500}x")]
    [InlineData("a{0,101}b+")]
    [InlineData("(x.{5,1000})+")]
    public void Large_bounded_repeats_count_as_open_ended(string pattern)
    {
        var shape = RegexShape.Read(pattern);
        Assert.True(shape.CouldBacktrackBadly);
        Assert.True(shape.HasLargeRepeat);
    }

    [Theory]
    [InlineData("^.{0,5000}$")]                          // one alone has nothing to trade places with
    [InlineData("\\w{1,30}[a-z]{1,30}\\w{1,30}!")]          // small bounds: the regex time budget covers them
    [InlineData("x{900,1000}.*")]                        // 101 places to stop, not more
    public void Small_or_lone_bounded_repeats_do_not(string pattern) => Assert.False(RegexShape.Read(pattern).CouldBacktrackBadly);

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

    [Theory]
    [InlineData("\\b\\d{3}[- ]\\d{3}[- ]\\d{4}\\b", true)]
    [InlineData("(?:a|b)\\d{2,4}", true)]
    [InlineData("x\\d?y", false)]
    [InlineData("x\\d*", false)]
    [InlineData("(\\d+)x", false)]          // inside a group: not read
    [InlineData("\\d{3}|abc", false)]        // top-level alternation
    public void Requires_digit(string pattern, bool requires) => Assert.Equal(requires, RegexShape.Read(pattern).RequiresDigit);
}

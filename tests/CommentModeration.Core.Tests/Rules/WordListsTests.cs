using CommentModeration.Core.Rules.Text;

namespace CommentModeration.Core.Tests.Rules;

public class WordListsTests
{
    [Fact]
    public void Report_lists_duplicates_terms_with_the_same_form_and_unmatchable_terms()
    {
        var report = WordLists.Analyze(["idiot", "IDIOT", "1d10t", "idiot", "scum*", "Scum*", "liar", "---", "  "]);
        Assert.Equal(8, report.Terms);
        Assert.Equal(["idiot"], report.Duplicates);
        Assert.Equal(["---"], report.Unmatchable);
        Assert.Equal(2, report.SameForm.Count);
        Assert.Equal(["idiot", "IDIOT", "1d10t"], report.SameForm.Single(g => g.NormalForm == "idiot").Terms);
        Assert.Equal(["scum*", "Scum*"], report.SameForm.Single(g => g.NormalForm == "scum*").Terms);
    }

    [Theory]
    [InlineData("ÍDÍÖÖT", "idiot")]
    [InlineData("kill  Yourself", "kil yourself")]
    [InlineData("*hole", "*hole")]
    public void Normal_form_is_what_the_matcher_compares(string term, string form) => Assert.Equal(form, WordLists.NormalForm(term));
}

using CommentModeration.Web.Rules;

namespace CommentModeration.Web.Tests.Admin;

public sealed class WordListEditingTests
{
    [Fact]
    public void Pasted_lines_and_csv_give_the_terms_in_order_without_blanks_or_header()
    {
        var terms = RuleSetEditingWordLists.Parse("term\nidiot\r\n\n  scum*  \n\"shut up\",moron,\"say \"\"hi\"\"\"\n");

        Assert.Equal(["idiot", "scum*", "shut up", "moron", "say \"hi\""], terms);
    }

    [Fact]
    public void Duplicates_and_terms_alike_once_normalized_are_shown()
    {
        var analysis = RuleSetEditingWordLists.Analyze(["idiot", "Idiot", "1d10t", "idiot", "moron", "***", "scum*", "SCUM*"]);

        Assert.Equal(["idiot"], analysis.ExactDuplicates);
        Assert.Equal(["***"], analysis.Unmatchable);
        var idiot = Assert.Single(analysis.SameWhenNormalized, g => g.Terms.Contains("idiot"));
        Assert.Equal(["idiot", "Idiot", "1d10t"], idiot.Terms);
        Assert.Equal("idiot", idiot.Form);
        Assert.Equal(["scum*", "SCUM*"], Assert.Single(analysis.SameWhenNormalized, g => g.Form == "scum*").Terms);
        Assert.DoesNotContain(analysis.SameWhenNormalized, g => g.Terms.Contains("moron"));
    }

    [Fact]
    public void Tidy_keeps_the_first_spelling_of_each_term()
    {
        Assert.Equal(["idiot", "moron"], RuleSetEditingWordLists.Tidy(["idiot", "IDIOT", "moron", "1d1ot", "!!!"]));
    }

    [Fact]
    public void Thousands_of_terms_round_trip_through_export()
    {
        var terms = Enumerable.Range(0, 5000).Select(i => $"term{i}").ToList();

        Assert.Equal(terms, RuleSetEditingWordLists.Parse(RuleSetEditingWordLists.Export(terms)));
        Assert.Empty(RuleSetEditingWordLists.Validate("big", terms));
        Assert.Equal(["Terms can be at most 200 characters: \u201caaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\u2026\u201d."], RuleSetEditingWordLists.Validate("big", [new string('a', 201)]));
    }
}

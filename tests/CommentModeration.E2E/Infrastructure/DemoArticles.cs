namespace CommentModeration.E2E.Infrastructure;

/// <summary>Slugs of the seeded demo articles (src/CommentModeration.Web/Seeding/DemoContent.cs).</summary>
public static class DemoArticles
{
    public const string NewsStory = "/articles/israels-conflict-with-hamas-a-diplomatic-standoff-and-the-search-for-lasting";
    public const string CarbonLevy = "/articles/carbon-levy-passes-after-all-night-sitting";
    public const string AsylumBill = "/articles/asylum-bill-what-the-new-rules-mean-for-families";
    public const string Floods = "/articles/ten-years-after-the-floods-river-towns-still-wait";
    public const string ElectionNight = "/articles/election-night-results-as-they-came-in";
}

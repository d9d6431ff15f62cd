using CommentModeration.Core.Comments;

namespace CommentModeration.Web.Seeding;

/// <summary>Who wrote a demo comment: one of the demo accounts (by email) or a guest.</summary>
internal sealed record DemoAuthor(string Name, string Email, string Url = "", bool IsAccount = false)
{
    public static DemoAuthor Account(DemoAccount account) => new(account.DisplayName, account.Email, IsAccount: true);
    public static DemoAuthor Guest(string name, string email, string url = "") => new(name, email, url);
}

/// <summary>A demo comment and its replies. <see cref="HeldThenApproved"/>: the engine held it and a moderator approved it.</summary>
internal sealed record DemoComment(DemoAuthor Author, string Text, CommentStatus Status = CommentStatus.Approved,
    bool HeldThenApproved = false, bool NeedsReview = false)
{
    public DemoComment[] Replies { get; init; } = [];

    /// <summary>The email of the demo account that reported this comment (an open report).</summary>
    public string? ReportedBy { get; init; }
    public string? RejectionReason { get; init; }

    public DemoComment With(params DemoComment[] replies) => this with { Replies = replies };
}

internal sealed record DemoArticle(string Slug, string Title, string Excerpt, string Body, string AuthorName,
    double PublishedDaysAgo, CommentPolicy Policy, DemoComment[] Comments);

/// <summary>An account the demo creates, email confirmed, with the demo password.</summary>
public sealed record DemoAccount(string Email, string DisplayName, string? Role);

/// <summary>What the demo site holds: accounts, articles on heated subjects, and realistic threads under them.</summary>
internal static class DemoContent
{
    public static readonly DemoAccount Admin = new("admin@example.com", "Site Admin", Data.Entities.Roles.Admin);
    public static readonly DemoAccount Moderator = new("moderator@example.com", "Maria (moderator)", Data.Entities.Roles.Moderator);
    public static readonly DemoAccount Alice = new("alice@example.com", "Alice Moreau", null);
    public static readonly DemoAccount Ben = new("ben@example.com", "Ben Okafor", null);

    public static readonly IReadOnlyList<DemoAccount> Accounts = [Admin, Moderator, Alice, Ben];

    private static readonly DemoAuthor AliceA = DemoAuthor.Account(Alice);
    private static readonly DemoAuthor BenA = DemoAuthor.Account(Ben);
    private static readonly DemoAuthor ModeratorA = DemoAuthor.Account(Moderator);
    private static readonly DemoAuthor Daniel = DemoAuthor.Guest("Daniel Weiss", "daniel.weiss@example.net");
    private static readonly DemoAuthor Miriam = DemoAuthor.Guest("Miriam K.", "miriam.k@example.org");
    private static readonly DemoAuthor Yusuf = DemoAuthor.Guest("Yusuf A.", "yusuf.a@example.net");
    private static readonly DemoAuthor Sarah = DemoAuthor.Guest("Sarah Lindqvist", "sarah@lindqvist.example", "https://lindqvist.example");
    private static readonly DemoAuthor Hannah = DemoAuthor.Guest("Hannah Roth", "hannah.roth@example.com");
    private static readonly DemoAuthor Omar = DemoAuthor.Guest("Omar Haddad", "omar.haddad@example.org");
    private static readonly DemoAuthor Realist = DemoAuthor.Guest("realist77", "realist77@example.net");
    private static readonly DemoAuthor Peter = DemoAuthor.Guest("Peter Novak", "p.novak@example.com");
    private static readonly DemoAuthor Grace = DemoAuthor.Guest("Grace Obi", "grace.obi@example.net");
    private static readonly DemoAuthor Deals = DemoAuthor.Guest("BestDeals", "deals4you@spam.example", "http://cheap-deals.example");
    private static readonly DemoAuthor Signals = DemoAuthor.Guest("CryptoSignals", "vip@signals.example", "http://signals.example");
    private static readonly DemoAuthor Ruth = DemoAuthor.Guest("Ruth Evans", "ruth.evans@example.org");
    private static readonly DemoAuthor Farmer = DemoAuthor.Guest("Glyn the farmer", "glyn@farm.example");
    private static readonly DemoAuthor Marco = DemoAuthor.Guest("Marco Bellini", "marco.b@example.com");

    // Authors of the older articles only: the regulars above have no comment published before the ones the engine held.
    private static readonly DemoAuthor Ellen = DemoAuthor.Guest("Ellen Price", "ellen.price@example.org");
    private static readonly DemoAuthor Dev = DemoAuthor.Guest("Dev Patel", "dev.patel@example.net");
    private static readonly DemoAuthor Bryn = DemoAuthor.Guest("Bryn Morgan", "bryn@hillfarm.example");
    private static readonly DemoAuthor Nadia = DemoAuthor.Guest("Nadia Kovac", "nadia.kovac@example.com");

    public static IReadOnlyList<DemoArticle> Articles(SeedArticleText first) =>
    [
        new(Slugs.From(first.Title), first.Title, first.Excerpt, first.Body, "Foreign desk", 2.5, CommentPolicy.Open,
        [
            new DemoComment(Daniel, "Cancelling the delegation over an abstention looks like a diplomatic own goal. Washington didn't veto, it stepped aside, and that was the whole signal.").With(
                new DemoComment(AliceA, "An abstention on a ceasefire resolution is not \"stepping aside\". It was a deliberate message, and everyone in the room knew it.").With(
                    new DemoComment(Daniel, "Sure, but a message is answered with talks, not by cancelling them. The Rafah question doesn't go away because a flight is cancelled.").With(
                        new DemoComment(Miriam, "Talks about what, though? The visit was meant to be about alternatives to a Rafah operation. Those alternatives still have to be discussed by someone.", HeldThenApproved: true).With(
                            new DemoComment(BenA, "Which is presumably why Gallant's trip is still going ahead. Not every channel is closed.")))),
                new DemoComment(Yusuf, "The only alternative worth discussing is a lasting ceasefire and aid at scale. Anything else is delay.", CommentStatus.Pending)),
            new DemoComment(BenA, "The line that Israel \"is wary of any military operation that could lead to civilian casualties\" does a lot of work in this piece. Where is that sourced?").With(
                new DemoComment(Sarah, "Agreed, parts of this read more like an opinion column than reporting. The conclusion especially.", HeldThenApproved: true).With(
                    new DemoComment(ModeratorA, "Thanks both, we've passed this on to the desk. Please keep the discussion on the substance rather than on other commenters."))),
            new DemoComment(Hannah, "Families of the hostages have been asking for one thing for months: a deal. Every diplomatic spat pushes that further away.", HeldThenApproved: true).With(
                new DemoComment(Omar, "And families in Gaza have been asking for food and water. Both things can be true at once, and both depend on a ceasefire.", HeldThenApproved: true).With(
                    new DemoComment(Hannah, "Yes. I'd like to think most people here can agree on that much.")),
                new DemoComment(Realist, "Spare us the sob stories, everyone over there knew what they voted for.", CommentStatus.Rejected)
                {
                    RejectionReason = "Blaming a whole population breaks our community rules.",
                }),
            new DemoComment(Deals, "Make $500/day from home!! No experience needed, visit http://cheap-deals.example/work and http://cheap-deals.example/pills", CommentStatus.Spam),
            new DemoComment(Peter, "Netanyahu is playing to his coalition, plain and simple. Nothing in this move is really about Washington.", CommentStatus.Pending),
            new DemoComment(AliceA, "The UN has passed resolutions for decades and nothing changes on the ground. Why would this one be different?", NeedsReview: true).With(
                new DemoComment(Grace, "Because this time the US didn't block it. That changes the political cost of ignoring it, even if it changes nothing legally.", HeldThenApproved: true) { ReportedBy = Ben.Email }.With(
                    new DemoComment(AliceA, "Fair point on the political cost. Whether it is binding is a whole other argument.").With(
                        new DemoComment(Daniel, "Lawyers have argued about Chapter VI versus Chapter VII wording for years; I doubt we'll settle it in a comment section.").With(
                            new DemoComment(Grace, "Probably not! But this is one of the more civil comment sections I've read on the subject."))))),
            new DemoComment(Signals, "Crypto signals group, 90% win rate!!! Join now at http://signals.example before it's too late", CommentStatus.Spam),
        ]),

        new("carbon-levy-passes-after-all-night-sitting", "Carbon levy passes after all-night sitting",
            "The levy on heavy emitters cleared its final vote at 5 a.m. by a margin of nine, after a night of amendments from both sides.",
            """
            The levy on heavy emitters cleared its final vote at 5 a.m. by a margin of nine, after a night of amendments from both sides.

            Supporters say the charge, which starts at 45 per tonne and rises each year, is the first serious attempt to price pollution from cement, steel and power generation. Opponents warn it will push energy bills up before cleaner alternatives are ready.

            Rural members won an exemption for farm diesel in the small hours; an amendment to return half of the revenue to households as a dividend failed by three votes.

            The levy takes effect in April. Industry groups have already said they will challenge parts of it in court.
            """, "Politics desk", 1.2, CommentPolicy.Open,
        [
            new DemoComment(Ruth, "About time. We have talked about pricing carbon for twenty years while the summers got hotter.", HeldThenApproved: true).With(
                new DemoComment(Farmer, "Easy to say from a city flat. Out here there is no bus, and the tractor doesn't run on good intentions.", HeldThenApproved: true).With(
                    new DemoComment(Ruth, "Farm diesel is exempt though, it says so in the article. The levy is on cement, steel and power.").With(
                        new DemoComment(Farmer, "And who do you think pays the power bill for the milking shed? It all lands on us in the end.")))),
            new DemoComment(BenA, "The dividend amendment failing by three votes is the real story. Return the money to households and most of the objections go away.").With(
                new DemoComment(Marco, "Exactly what happened in the countries that did it well: people got a cheque and stopped worrying about the levy.", CommentStatus.Pending)),
            new DemoComment(Peter, "Another tax dressed up as saving the planet. Watch prices rise and emissions stay flat.", CommentStatus.Pending),
            new DemoComment(Deals, "Cheap solar panels 80% off!!! http://cheap-deals.example/solar http://cheap-deals.example/buy", CommentStatus.Spam),
        ]),

        new("asylum-bill-what-the-new-rules-mean-for-families", "Asylum bill: what the new rules mean for families",
            "Every comment on this article is read by a moderator before it appears.",
            """
            The government's asylum bill changes who may bring family members, how long claims may take and where claimants wait while they are decided.

            Under the new rules a recognised refugee may bring a spouse and children under 18; adult children and parents would need a separate visa. Claims are to be decided within six months, with an appeal heard within three more.

            Charities say the family rules will keep children apart from their grandparents for years. Ministers say the limits are needed to bring down a backlog of 90,000 cases.

            Because of the volume of abusive comments on this subject, every comment on this article is read by a moderator before it appears.
            """, "Home affairs desk", 0.6, CommentPolicy.PreModerated,
        [
            new DemoComment(AliceA, "Six months to decide a claim would be a huge improvement on the current wait, if they actually fund the caseworkers to do it.", HeldThenApproved: true).With(
                new DemoComment(Omar, "That 'if' is carrying the whole bill. The last two promises of faster decisions came with no money attached.", HeldThenApproved: true)),
            new DemoComment(Hannah, "Separating adult children from their parents is cruel, whatever the backlog.", CommentStatus.Pending),
            new DemoComment(Realist, "Send them all back, problem solved.", CommentStatus.Pending),
        ]),

        new("ten-years-after-the-floods-river-towns-still-wait", "Ten years after the floods, river towns are still waiting for defences",
            "A decade after the river burst its banks, two of the five promised flood walls have been built.",
            """
            A decade after the river burst its banks and flooded 3,000 homes, two of the five promised flood walls have been built.

            Residents in the lower town say insurance premiums have tripled and that some streets can no longer be insured at all. The agency responsible says the remaining schemes are waiting for a decision on funding.

            Climate scientists expect floods of that size to become twice as likely by the middle of the century.
            """, "Regional desk", 420, CommentPolicy.Open,
        [
            new DemoComment(Ellen, "We were flooded in that winter. Ten years on, every heavy rain still means sandbags at the door.").With(
                new DemoComment(Dev, "Same on our street. The wall stops exactly where the expensive houses end.", HeldThenApproved: true).With(
                    new DemoComment(Ellen, "I'd noticed that too. Funny how that works."))),
            new DemoComment(Bryn, "Upstream land could hold a lot of that water if farmers were paid to let it flood. Cheaper than concrete.", HeldThenApproved: true),
        ]),

        new("election-night-results-as-they-came-in", "Election night: results as they came in",
            "Comments on our election-night live page are now closed.",
            """
            Polls closed at 10 p.m. and the first result was declared just before midnight.

            By 4 a.m. the governing party had lost its majority, with the largest swings in the northern industrial seats. Turnout was the highest in two decades.

            Comments on our election-night live page are now closed.
            """, "Politics desk", 9, CommentPolicy.Closed,
        [
            new DemoComment(BenA, "Highest turnout in twenty years. Whatever you think of the result, that's good news.").With(
                new DemoComment(Nadia, "Agreed. The queues at our polling station went round the block.", HeldThenApproved: true)),
            new DemoComment(Peter, "Rigged, obviously.", CommentStatus.Rejected) { RejectionReason = "Claims of fraud need a source; please link one." },
        ]),
    ];
}

/// <summary>URL slugs from titles: lowercase ASCII words joined by hyphens.</summary>
internal static class Slugs
{
    public static string From(string title, int maxLength = 80)
    {
        var builder = new System.Text.StringBuilder();
        foreach (var c in title.Normalize(System.Text.NormalizationForm.FormD))
        {
            if (char.IsAsciiLetterOrDigit(c)) builder.Append(char.ToLowerInvariant(c));
            else if (c is '\'' or '\u2019' || System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.NonSpacingMark) continue;
            else if (builder.Length > 0 && builder[^1] != '-') builder.Append('-');
        }
        var slug = builder.ToString().Trim('-');
        if (slug.Length > maxLength)
        {
            // Cut at a word boundary, not mid-word.
            var cut = slug.LastIndexOf('-', maxLength);
            slug = cut > 0 ? slug[..cut] : slug[..maxLength];
        }
        return slug;
    }
}

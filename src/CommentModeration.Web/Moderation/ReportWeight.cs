using CommentModeration.Core.Comments;
using CommentModeration.Web.Articles;

namespace CommentModeration.Web.Moderation;

/// <summary>An open report as the weighing sees it; <paramref name="Standing"/> is the signed-in reporter's, if any.</summary>
public sealed record OpenReport(string ReporterKey, string? AddressKey, string? BrowserKey, ReporterStanding? Standing = null);

/// <summary>A signed-in reporter's record as an author.</summary>
public sealed record ReporterStanding(AuthorStandingLevel Level, int ApprovedCount, int RejectedCount, int SpamCount);

/// <summary>
/// How much a comment's open reports weigh toward hiding it, and how many people they stand for.
/// A guest is whoever reports from one network or with one browser cookie: a fresh cookie is
/// free, so reports that share an address or a cookie are one guest, and a guest who shares an
/// address with a signed-in reporter adds nothing to them. A signed-in reader counts once, twice
/// when in good standing. Reports on a comment a moderator approved weigh only from signed-in
/// readers: guests alone put it in the Reported queue, never out of sight.
/// </summary>
public static class ReportWeight
{
    public const int Reader = 1;
    public const int ReaderInGoodStanding = 2;
    public const int Guest = 1;

    public readonly record struct Weighed(int Weight, int People);

    public static Weighed Of(IReadOnlyList<OpenReport> reports, bool approvedByStaff)
    {
        var weight = 0;
        var people = 0;
        var readerAddresses = new HashSet<string>(StringComparer.Ordinal);
        foreach (var report in reports)
        {
            if (!IsSignedIn(report)) continue;
            people++;
            weight += InGoodStanding(report.Standing) ? ReaderInGoodStanding : Reader;
            if (report.AddressKey is { } address) readerAddresses.Add("address:" + address);
        }

        var guests = GuestsOf(reports.Where(r => !IsSignedIn(r)))
            .Where(guest => !guest.Overlaps(readerAddresses))
            .Count();
        people += guests;
        if (!approvedByStaff) weight += guests * Guest;
        return new Weighed(weight, people);
    }

    /// <summary>A signed-in reader in good standing: trusted, or with approved comments outnumbering the rejected and spam ones, and not restricted.</summary>
    public static bool InGoodStanding(ReporterStanding? standing) => standing is { } s
        && (s.Level == AuthorStandingLevel.Trusted || (s.Level == AuthorStandingLevel.Normal && s.ApprovedCount > 0 && s.ApprovedCount > s.RejectedCount + s.SpamCount));

    private static bool IsSignedIn(OpenReport report) => report.ReporterKey.StartsWith(AuthorKeys.ForUser(""), StringComparison.Ordinal);

    /// <summary>Guest reports joined into people: any two sharing an address or a browser are one.</summary>
    private static List<HashSet<string>> GuestsOf(IEnumerable<OpenReport> reports)
    {
        var guests = new List<HashSet<string>>();
        foreach (var report in reports)
        {
            var marks = new HashSet<string>(StringComparer.Ordinal) { "key:" + report.ReporterKey };
            if (report.AddressKey is { } address) marks.Add("address:" + address);
            if (report.BrowserKey is { } browser) marks.Add("browser:" + browser);
            for (var i = guests.Count - 1; i >= 0; i--)
            {
                if (!guests[i].Overlaps(marks)) continue;
                marks.UnionWith(guests[i]);
                guests.RemoveAt(i);
            }
            guests.Add(marks);
        }
        return guests;
    }
}

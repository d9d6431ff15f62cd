using System.Text.Json;
using System.Text.Json.Serialization;
using CommentModeration.Core.Rules;

namespace CommentModeration.Web.Moderation;

/// <summary>Reads the hits stored with a comment's verdict and cuts its text into plain and matched runs.</summary>
public static class VerdictHits
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static IReadOnlyList<RuleHit> Parse(string? verdictJson)
    {
        if (string.IsNullOrWhiteSpace(verdictJson)) return [];
        try
        {
            return JsonSerializer.Deserialize<List<RuleHit>>(verdictJson, Json) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>
    /// The text cut into runs, matched runs marked. Spans outside the text, or whose text no
    /// longer matches (the comment was edited since), are left out; overlapping spans merge.
    /// </summary>
    public static IReadOnlyList<TextRun> Highlight(string text, IEnumerable<MatchSpan> spans)
    {
        var ranges = spans
            .Where(s => s.Length > 0 && s.Start >= 0 && s.Start + s.Length <= text.Length
                && string.Equals(text.Substring(s.Start, s.Length), s.Text, StringComparison.Ordinal))
            .Select(s => (Start: s.Start, End: s.Start + s.Length))
            .OrderBy(r => r.Start)
            .ToList();

        var runs = new List<TextRun>();
        var position = 0;
        var i = 0;
        while (i < ranges.Count)
        {
            var (start, end) = ranges[i++];
            while (i < ranges.Count && ranges[i].Start <= end) end = Math.Max(end, ranges[i++].End);
            if (start > position) runs.Add(new TextRun(text[position..start], false));
            runs.Add(new TextRun(text[start..end], true));
            position = end;
        }
        if (position < text.Length) runs.Add(new TextRun(text[position..], false));
        return runs;
    }

    /// <summary>The body's spans of every hit.</summary>
    public static IEnumerable<MatchSpan> BodySpans(IEnumerable<RuleHit> hits) =>
        hits.Where(h => h.Field is null or "body").SelectMany(h => h.Spans);
}

public sealed record TextRun(string Text, bool IsMatch);

namespace CommentModeration.Web.Seeding;

/// <summary>
/// The news story the demo opens with, shipped inside the assembly (seed-article.txt): its first
/// line is the headline, the next paragraph the standfirst, the rest the story.
/// </summary>
internal sealed record SeedArticleText(string Title, string Excerpt, string Body)
{
    private const string ResourceName = "CommentModeration.Web.Seeding.seed-article.txt";

    /// <summary>Page furniture that was captured with the story and is not part of it.</summary>
    private static readonly string[] TrailingFurniture = ["Leave a Reply"];

    public static SeedArticleText Load()
    {
        using var stream = typeof(SeedArticleText).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }

    public static SeedArticleText Parse(string text)
    {
        var paragraphs = text.ReplaceLineEndings("\n")
            .Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ToList();
        while (paragraphs.Count > 0 && TrailingFurniture.Contains(paragraphs[^1], StringComparer.OrdinalIgnoreCase))
        {
            paragraphs.RemoveAt(paragraphs.Count - 1);
        }
        if (paragraphs.Count < 2) throw new InvalidOperationException("The seed article needs a headline and at least one paragraph.");
        var title = paragraphs[0].Split('\n')[0].Trim();
        var story = paragraphs.Skip(1).ToList();
        return new SeedArticleText(title, story[0], string.Join("\n\n", story));
    }
}

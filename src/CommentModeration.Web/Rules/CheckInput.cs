using System.Text;
using System.Text.Json;
using CommentModeration.Core.Rules;
using CommentModeration.Data.Comments;

namespace CommentModeration.Web.Rules;

/// <summary>One line of `rules check` input: a comment and what is known of its author.</summary>
public sealed record CheckInput(JsonElement Id, CommentCandidate Candidate)
{
    public readonly record struct Problem(int Position, string Message);

    private static readonly string[] TextKeys = ["body", "authorName", "authorEmail", "authorUrl", "ip", "userAgent"];
    private static readonly string[] AuthorKeys = ["isRegistered", "accountAgeDays", "approved", "rejected", "spam"];

    /// <summary>Reads a line; on failure says where (a character position from 1) and what.</summary>
    public static bool TryRead(string line, DateTimeOffset now, out CheckInput input, out Problem problem)
    {
        input = null!;
        problem = default;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line, new JsonDocumentOptions { AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            var message = e.Message;
            var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            if (cut > 0) message = message[..cut];
            problem = new Problem(CharPosition(line, (int)(e.BytePositionInLine ?? 0)), "not valid JSON: " + message.Trim());
            return false;
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) { problem = new Problem(1, "expected a JSON object for one comment."); return false; }
            if (!root.TryGetProperty("id", out var id) || id.ValueKind is not (JsonValueKind.String or JsonValueKind.Number))
            {
                problem = new Problem(1, "every comment needs an \"id\" (a string or a number).");
                return false;
            }
            var texts = new Dictionary<string, string>();
            foreach (var key in TextKeys)
            {
                if (!root.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null) continue;
                if (value.ValueKind != JsonValueKind.String)
                {
                    problem = new Problem(PositionOf(line, key), $"\"{key}\" must be a string.");
                    return false;
                }
                texts[key] = value.GetString()!;
            }
            if (!texts.ContainsKey("body")) { problem = new Problem(1, "every comment needs a \"body\" (a string)."); return false; }

            var author = new AuthorContext();
            if (root.TryGetProperty("author", out var a) && a.ValueKind != JsonValueKind.Null)
            {
                if (a.ValueKind != JsonValueKind.Object) { problem = new Problem(PositionOf(line, "author"), "\"author\" must be an object."); return false; }
                foreach (var property in a.EnumerateObject())
                {
                    if (!AuthorKeys.Contains(property.Name))
                    {
                        problem = new Problem(PositionOf(line, property.Name), $"unknown author key \"{property.Name}\"; expected {string.Join(", ", AuthorKeys)}.");
                        return false;
                    }
                }
                if (!TryAuthor(a, out author, out var bad)) { problem = new Problem(PositionOf(line, bad), $"author \"{bad}\" has the wrong type."); return false; }
            }

            var text = new CandidateText(texts["body"], texts.GetValueOrDefault("authorName", ""), texts.GetValueOrDefault("authorEmail", ""),
                texts.GetValueOrDefault("authorUrl", ""), texts.GetValueOrDefault("ip", ""), texts.GetValueOrDefault("userAgent", ""));
            input = new CheckInput(id.Clone(), CommentCandidates.Of(text, author, article: null, new ActivityContext { Now = now }));
            return true;
        }
    }

    private static bool TryAuthor(JsonElement a, out AuthorContext author, out string bad)
    {
        author = new AuthorContext();
        bad = "";
        bool registered = false;
        double? age = null;
        int approved = 0, rejected = 0, spam = 0;
        if (a.TryGetProperty("isRegistered", out var r))
        {
            if (r.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) { bad = "isRegistered"; return false; }
            registered = r.GetBoolean();
        }
        if (a.TryGetProperty("accountAgeDays", out var d) && d.ValueKind != JsonValueKind.Null)
        {
            if (d.ValueKind != JsonValueKind.Number) { bad = "accountAgeDays"; return false; }
            age = d.GetDouble();
        }
        if (!Count(a, "approved", ref approved)) { bad = "approved"; return false; }
        if (!Count(a, "rejected", ref rejected)) { bad = "rejected"; return false; }
        if (!Count(a, "spam", ref spam)) { bad = "spam"; return false; }
        author = new AuthorContext
        {
            IsRegistered = registered,
            AccountAgeDays = age,
            ApprovedCount = approved,
            RejectedCount = rejected,
            SpamCount = spam,
            HasPreviouslyApproved = approved > 0,
        };
        return true;
    }

    private static bool Count(JsonElement a, string name, ref int value)
    {
        if (!a.TryGetProperty(name, out var e) || e.ValueKind == JsonValueKind.Null) return true;
        return e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out value) && value >= 0;
    }

    private static int PositionOf(string line, string key)
    {
        var at = line.IndexOf($"\"{key}\"", StringComparison.Ordinal);
        return at < 0 ? 1 : at + 1;
    }

    private static int CharPosition(string line, int bytePosition)
    {
        var bytes = Encoding.UTF8.GetBytes(line);
        return Encoding.UTF8.GetCharCount(bytes, 0, Math.Clamp(bytePosition, 0, bytes.Length)) + 1;
    }
}

using System.Text.Encodings.Web;
using System.Text.Json;
using CommentModeration.Core.Rules;
using CommentModeration.Core.Rules.File;

namespace CommentModeration.Web.Rules;

/// <summary>
/// `rules check`: runs a rules file over comments given one JSON object a line and writes one
/// verdict a line. Only the file's own rules decide, plus the built-in discussion checks when
/// the file has a "discussion" section. A bad line is reported on stderr with its line and
/// position; the others still get their verdicts.
/// </summary>
public static class RulesCheck
{
    public const int InvalidInput = 2;

    private static readonly JsonWriterOptions OutputOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Returns the exit code: 0, or 2 when the rules file or any input line was malformed.</summary>
    public static async Task<int> RunAsync(string rulesPath, TextReader input, string inputName, TextWriter output, TextWriter errors, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        CompiledRuleSet rules;
        try
        {
            var definition = RulesFile.Parse(await File.ReadAllTextAsync(rulesPath, cancellationToken));
            // A file's discussion section is its thresholds over the default settings.
            rules = CompiledRuleSet.Compile(definition, definition.Discussion);
        }
        catch (RuleSetValidationException e)
        {
            foreach (var error in e.Errors) await errors.WriteLineAsync($"{rulesPath}: {error}");
            return InvalidInput;
        }

        var exitCode = 0;
        var lineNumber = 0;
        while (await input.ReadLineAsync(cancellationToken) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            if (!CheckInput.TryRead(line, now, out var comment, out var problem))
            {
                await errors.WriteLineAsync($"{inputName}: line {lineNumber}, position {problem.Position}: {problem.Message}");
                exitCode = InvalidInput;
                continue;
            }
            var verdict = RuleEngine.Evaluate(comment.Candidate, rules);
            await output.WriteLineAsync(Write(comment.Id, verdict));
        }
        await output.FlushAsync(cancellationToken);
        return exitCode;
    }

    /// <summary>`{ "id", "action", "hits": [ { "rule", "action", "field", "spans": [ { "start", "length", "text" } ] } ] }` on one line.</summary>
    public static string Write(JsonElement id, Verdict verdict)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, OutputOptions))
        {
            w.WriteStartObject();
            w.WritePropertyName("id");
            id.WriteTo(w);
            w.WriteString("action", RulesFile.ActionName(verdict.Action));
            w.WriteStartArray("hits");
            foreach (var hit in verdict.Hits)
            {
                w.WriteStartObject();
                w.WriteString("rule", hit.Rule);
                w.WriteString("action", RulesFile.ActionName(hit.Action));
                if (hit.Field is null) w.WriteNull("field");
                else w.WriteString("field", hit.Field);
                w.WriteStartArray("spans");
                foreach (var span in hit.Spans)
                {
                    w.WriteStartObject();
                    w.WriteNumber("start", span.Start);
                    w.WriteNumber("length", span.Length);
                    w.WriteString("text", span.Text);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}

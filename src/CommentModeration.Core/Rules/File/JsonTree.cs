using System.Text;
using System.Text.Json;
using CommentModeration.Core.Rules.Definition;

namespace CommentModeration.Core.Rules.File;

/// <summary>
/// A JSON value that remembers where it stood (line and position, both from 1), so that the
/// rules file's errors can point at the offending spot. System.Text.Json's own DOM forgets
/// positions; this one is read with Utf8JsonReader in one pass.
/// </summary>
internal abstract record JsonTree(SourcePosition Position)
{
    public string Kind => this switch
    {
        JsonObjectTree => "an object",
        JsonArrayTree => "a list",
        JsonStringTree => "a string",
        JsonNumberTree => "a number",
        JsonBoolTree => "true or false",
        _ => "null",
    };

    /// <exception cref="RuleSetValidationException">The text is not well-formed JSON.</exception>
    public static JsonTree Read(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var lines = new PositionMap(bytes);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            MaxDepth = 128,
        });
        try
        {
            if (!reader.Read()) throw new RuleSetValidationException([new RuleSetError("", "The file is empty; expected a JSON object.", new SourcePosition(1, 1))]);
            var tree = ReadValue(ref reader, lines);
            if (reader.Read()) throw new RuleSetValidationException([new RuleSetError("", "Unexpected text after the end of the JSON object.", lines.At(reader.TokenStartIndex))]);
            return tree;
        }
        catch (JsonException e)
        {
            var line = (int)(e.LineNumber ?? 0);
            var column = lines.Column(line, (int)(e.BytePositionInLine ?? 0));
            var message = e.Message;
            var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            if (cut > 0) message = message[..cut];
            throw new RuleSetValidationException([new RuleSetError("", "Invalid JSON: " + message.Trim(), new SourcePosition(line + 1, column))]);
        }
    }

    private static JsonTree ReadValue(ref Utf8JsonReader reader, PositionMap lines)
    {
        var at = lines.At(reader.TokenStartIndex);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var members = new List<JsonMember>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var nameAt = lines.At(reader.TokenStartIndex);
                    var name = reader.GetString()!;
                    reader.Read();
                    members.Add(new JsonMember(name, nameAt, ReadValue(ref reader, lines)));
                }
                return new JsonObjectTree(at, members);
            case JsonTokenType.StartArray:
                var items = new List<JsonTree>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) items.Add(ReadValue(ref reader, lines));
                return new JsonArrayTree(at, items);
            case JsonTokenType.String:
                return new JsonStringTree(at, reader.GetString()!);
            case JsonTokenType.Number:
                return new JsonNumberTree(at, reader.GetDouble());
            case JsonTokenType.True:
                return new JsonBoolTree(at, true);
            case JsonTokenType.False:
                return new JsonBoolTree(at, false);
            default:
                return new JsonNullTree(at);
        }
    }

    /// <summary>Byte offsets to line and character position.</summary>
    private sealed class PositionMap
    {
        private readonly byte[] _bytes;
        private readonly List<int> _lineStarts = [0];

        public PositionMap(byte[] bytes)
        {
            _bytes = bytes;
            for (var i = 0; i < bytes.Length; i++)
            {
                if (bytes[i] == (byte)'\n') _lineStarts.Add(i + 1);
            }
        }

        public SourcePosition At(long offset)
        {
            var index = _lineStarts.BinarySearch((int)offset);
            var line = index >= 0 ? index : ~index - 1;
            return new SourcePosition(line + 1, Column(line, (int)offset - _lineStarts[line]));
        }

        /// <summary>A position in characters (from 1) for a byte position in a line (from 0).</summary>
        public int Column(int line, int bytePosition)
        {
            if (line < 0 || line >= _lineStarts.Count) return bytePosition + 1;
            var start = _lineStarts[line];
            var length = Math.Clamp(bytePosition, 0, _bytes.Length - start);
            return Encoding.UTF8.GetCharCount(_bytes, start, length) + 1;
        }
    }
}

internal sealed record JsonMember(string Name, SourcePosition Position, JsonTree Value);

internal sealed record JsonObjectTree(SourcePosition Position, List<JsonMember> Members) : JsonTree(Position);

internal sealed record JsonArrayTree(SourcePosition Position, List<JsonTree> Items) : JsonTree(Position);

internal sealed record JsonStringTree(SourcePosition Position, string Value) : JsonTree(Position);

internal sealed record JsonNumberTree(SourcePosition Position, double Value) : JsonTree(Position);

internal sealed record JsonBoolTree(SourcePosition Position, bool Value) : JsonTree(Position);

internal sealed record JsonNullTree(SourcePosition Position) : JsonTree(Position);

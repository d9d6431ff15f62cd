namespace CommentModeration.Web.Api;

/// <summary>Checks on the text fields of API requests, before any service sees them.</summary>
public static class ApiText
{
    /// <summary>C0 and C1 control characters other than tab and line breaks, which no name, title or comment holds on purpose.</summary>
    public static bool HasControlCharacters(string? text)
    {
        foreach (var c in text ?? "")
        {
            if (char.IsControl(c) && c is not ('\t' or '\n' or '\r')) return true;
        }
        return false;
    }

    /// <summary>Field errors as problem details carry them: each field's messages.</summary>
    public sealed class Errors
    {
        private readonly Dictionary<string, List<string>> _byField = new(StringComparer.Ordinal);

        public bool Any => _byField.Count > 0;

        public IReadOnlySet<string> Fields => _byField.Keys.ToHashSet(StringComparer.Ordinal);

        public void Add(string field, string message)
        {
            if (!_byField.TryGetValue(field, out var list)) _byField[field] = list = [];
            list.Add(message);
        }

        /// <summary>A text field: required or not, at most <paramref name="maxLength"/> characters, no control characters.</summary>
        public void Text(string field, string? value, int maxLength, bool required = false)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                if (required) Add(field, $"{field} is required.");
                return;
            }
            if (value.Length > maxLength) Add(field, $"{field} may be at most {maxLength:N0} characters (it has {value.Length:N0}).");
            if (HasControlCharacters(value)) Add(field, $"{field} may not hold control characters.");
        }

        public Dictionary<string, string[]> ToDictionary() => _byField.ToDictionary(f => f.Key, f => f.Value.ToArray());
    }
}

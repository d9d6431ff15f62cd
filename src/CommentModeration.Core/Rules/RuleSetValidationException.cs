using CommentModeration.Core.Rules.Definition;

namespace CommentModeration.Core.Rules;

/// <summary>One thing wrong with a rule set: where (a path like rules[2].when.regex.pattern, and the file position when known) and what.</summary>
public sealed record RuleSetError(string Path, string Message, SourcePosition? Position = null)
{
    public override string ToString() =>
        (Position is { } p ? $"line {p.Line}, position {p.Column}: " : "") + (Path.Length > 0 ? $"{Path}: " : "") + Message;
}

/// <summary>The rule set cannot be used as it stands; <see cref="Errors"/> lists every reason.</summary>
public sealed class RuleSetValidationException(IReadOnlyList<RuleSetError> errors)
    : Exception(Describe(errors))
{
    public IReadOnlyList<RuleSetError> Errors { get; } = errors;

    private static string Describe(IReadOnlyList<RuleSetError> errors) => errors.Count == 1
        ? $"The rule set is invalid: {errors[0]}"
        : $"The rule set has {errors.Count} errors:{Environment.NewLine}" + string.Join(Environment.NewLine, errors.Select(e => "  " + e));
}

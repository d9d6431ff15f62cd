using System.Text.Json;
using CommentModeration.Core.Rules.Definition;
using CommentModeration.Core.Rules.File;
using CommentModeration.Core.Rules.Predicates;

namespace CommentModeration.Core.Rules.Kinds;

/// <summary>
/// One kind of predicate in a rule's condition tree, in one place: its key in the rules file, how
/// the file's object is read and written, the predicate it compiles to, and the line that
/// describes it. The groups (all, any, not) are the tree's structure, not kinds.
/// <para>
/// Adding a condition kind means: its <see cref="Condition"/> class and its predicate, one
/// <see cref="ConditionKind{T}"/> listed in <see cref="ConditionKinds.All"/>, and one editor
/// component in Web (Components/Pages/Admin/Conditions, listed in ConditionEditors); then its
/// row in docs/rules.md and its entry in docs/rules.schema.json (a test holds the schema to this list).
/// </para>
/// </summary>
public abstract class ConditionKind(string jsonKey)
{
    /// <summary>The condition's one key in the rules file, also the kind's name in the editor and in error paths.</summary>
    public string JsonKey { get; } = jsonKey;

    public abstract Type ConditionType { get; }

    /// <summary>The condition as one readable line, for the rules list.</summary>
    public abstract string Describe(Condition condition);

    /// <summary>True when the condition reads the named word list.</summary>
    public abstract bool UsesList(Condition condition, string list);

    /// <summary>The condition from its object in the rules file; problems go to <paramref name="file"/>'s errors.</summary>
    internal abstract Condition Read(RulesFileReader file, JsonObjectTree value, string path);

    /// <summary>The members of the condition's object (the kind's key and the braces are the caller's).</summary>
    internal abstract void Write(Utf8JsonWriter writer, Condition condition);

    /// <summary>The predicate the engine runs, or null after reporting to <paramref name="compiler"/> why there is none.</summary>
    internal abstract Predicate? Compile(Condition condition, RuleSetCompiler compiler, string path);
}

/// <summary>A kind whose conditions are <typeparamref name="T"/>: the untyped entry points cast once and call the typed ones.</summary>
internal abstract class ConditionKind<T>(string jsonKey) : ConditionKind(jsonKey) where T : Condition, new()
{
    public sealed override Type ConditionType => typeof(T);

    public sealed override string Describe(Condition condition) => Describe((T)condition);

    public sealed override bool UsesList(Condition condition, string list) => UsesList((T)condition, list);

    internal sealed override Condition Read(RulesFileReader file, JsonObjectTree value, string path)
    {
        var condition = new T();
        Read(condition, file, value, path);
        return condition;
    }

    internal sealed override void Write(Utf8JsonWriter writer, Condition condition) => Write(writer, (T)condition);

    internal sealed override Predicate? Compile(Condition condition, RuleSetCompiler compiler, string path) => Compile((T)condition, compiler, path);

    protected abstract string Describe(T condition);

    protected virtual bool UsesList(T condition, string list) => false;

    /// <summary>Fills a fresh condition (holding the defaults) from the file's object.</summary>
    protected abstract void Read(T condition, RulesFileReader file, JsonObjectTree value, string path);

    protected abstract void Write(Utf8JsonWriter writer, T condition);

    protected abstract Predicate? Compile(T condition, RuleSetCompiler compiler, string path);
}

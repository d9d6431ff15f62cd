using System.Collections.Frozen;
using System.Text.RegularExpressions;
using CommentModeration.Core.Discussion;
using CommentModeration.Core.Rules.BuiltIn;
using CommentModeration.Core.Rules.Definition;
using CommentModeration.Core.Rules.Predicates;
using CommentModeration.Core.Rules.Text;

namespace CommentModeration.Core.Rules;

/// <summary>Checks a definition and builds its predicates, collecting every error rather than stopping at the first.</summary>
internal sealed class RuleSetCompiler
{
    private const int MaxDepth = 32;
    private static readonly TextField[] DefaultWordFields = [TextField.Body, TextField.AuthorName];
    private static readonly TextField[] DefaultRegexFields = [TextField.Body];

    private readonly RuleSetDefinition _definition;
    private readonly List<RuleSetError> _errors = [];
    private readonly Dictionary<(string List, WordMatch Match), WordListMatcher> _listMatchers = [];
    private readonly List<string> _literals = [];

    private RuleSetCompiler(RuleSetDefinition definition) => _definition = definition;

    public static CompiledRuleSet Compile(RuleSetDefinition definition, DiscussionSettings? settings, int revision)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var compiler = new RuleSetCompiler(definition);
        var rules = compiler.CompileRules();
        if (settings is not null) compiler.CheckSettings(settings);
        if (definition.Discussion is { } thresholds) compiler.CheckThresholds(thresholds);
        if (compiler._errors.Count > 0) throw new RuleSetValidationException(compiler._errors);

        var summaries = new List<RuleSummary>();
        if (settings is not null)
        {
            summaries.AddRange(BuiltInRule.All.Select(b => new RuleSummary(b.Key, b.Name, b.Action, true, int.MaxValue, true, b.Description)));
        }
        summaries.AddRange(rules.Select(r => new RuleSummary(r.Definition.Key, r.Definition.Name, r.Definition.Action,
            r.Definition.Enabled, r.Definition.Priority, false, r.Compiled.Reason)));
        var active = rules.Where(r => r.Definition.Enabled).Select(r => r.Compiled).ToArray();
        var literals = compiler._literals.Count > 0 ? new LiteralScanner(compiler._literals) : LiteralScanner.None;
        return new CompiledRuleSet(revision, settings is null ? null : new DiscussionChecks(settings), active, summaries, literals);
    }

    private List<(RuleDefinition Definition, CompiledRule Compiled)> CompileRules()
    {
        foreach (var (name, terms) in _definition.WordLists)
        {
            if (string.IsNullOrWhiteSpace(name)) Error($"wordLists", "A word list needs a name.");
            if (terms is null) Error($"wordLists.{name}", "A word list must be a list of terms.");
        }

        var compiled = new List<(RuleDefinition, CompiledRule)>();
        var keys = new Dictionary<string, int>(StringComparer.Ordinal);
        var order = _definition.Rules
            .Select((rule, index) => (rule, index))
            .OrderByDescending(r => r.rule?.Priority ?? 0)
            .ThenBy(r => r.index);
        foreach (var (rule, index) in order)
        {
            var path = $"rules[{index}]";
            if (rule is null) { Error(path, "A rule cannot be null."); continue; }
            var position = rule.Source;
            if (string.IsNullOrWhiteSpace(rule.Name)) Error(path + ".name", "A rule needs a name.", position);
            else if (rule.Name.Length > 200) Error(path + ".name", "A rule's name can be at most 200 characters.", position);
            var key = rule.Key;
            if (key.Length == 0 && !string.IsNullOrWhiteSpace(rule.Name)) Error(path + ".id", "The rule's name has no letters or digits to make a key of; give it an id.", position);
            if (key.StartsWith(RuleKeys.BuiltInPrefix, StringComparison.Ordinal)) Error(path + ".id", $"Rule ids may not start with \u201c{RuleKeys.BuiltInPrefix}\u201d: those name the built-in checks.", position);
            if (key.Length > 0 && keys.TryGetValue(key, out var other)) Error(path + ".id", $"Another rule (rules[{other}]) has the same key \u201c{key}\u201d; give one of them a different name or id.", position);
            else if (key.Length > 0) keys[key] = index;
            if (rule.Action is < ModerationAction.Approve or > ModerationAction.Reject)
            {
                Error(path + ".action", "The action must be one of reject, spam, hold, flag, censor, approve.", position);
            }
            if (rule.Reason?.Length > 1000) Error(path + ".reason", "A reason can be at most 1,000 characters.", position);
            if (rule.When is null) { Error(path + ".when", "A rule needs a condition (\u201cwhen\u201d).", position); continue; }
            var predicate = Build(rule.When, path + ".when", 0);
            if (predicate is null) continue;
            HashSet<long>? scope = rule.Scope is { Articles.Count: > 0 } s ? [.. s.Articles] : null;
            var reason = string.IsNullOrWhiteSpace(rule.Reason) ? rule.Name : rule.Reason.Trim();
            compiled.Add((rule, new CompiledRule(key, rule.Name.Trim(), rule.Action, reason, rule.Priority, predicate, scope)));
        }
        return compiled;
    }

    private Predicate? Build(Condition condition, string path, int depth)
    {
        var at = condition.Source;
        if (depth > MaxDepth) { Error(path, $"Conditions may be nested at most {MaxDepth} deep.", at); return null; }
        switch (condition)
        {
            case AllCondition all:
                return Parts(all.Conditions, path + ".all", depth, at) is { } allParts ? new AllPredicate(allParts) : null;
            case AnyCondition any:
                return Parts(any.Conditions, path + ".any", depth, at) is { } anyParts ? new AnyPredicate(anyParts) : null;
            case NotCondition not:
                if (not.Condition is null) { Error(path + ".not", "\u201cnot\u201d needs a condition.", at); return null; }
                return Build(not.Condition, path + ".not", depth + 1) is { } inner ? new NotPredicate(inner) : null;
            case WordsCondition words:
                return BuildWords(words, path + ".words");
            case RegexCondition regex:
                return BuildRegex(regex, path + ".regex");
            case LinksCondition links:
                return BuildLinks(links, path + ".links");
            case LengthCondition length:
                if (length.AtLeast is null && length.AtMost is null) { Error(path + ".length", "Give atLeast, atMost or both.", at); return null; }
                if (length.AtLeast < 0 || length.AtMost < 0) { Error(path + ".length", "Lengths cannot be negative.", at); return null; }
                if (length.AtLeast > length.AtMost) { Error(path + ".length", "atLeast is greater than atMost: nothing could match.", at); return null; }
                return new LengthPredicate(length.AtLeast, length.AtMost);
            case CapitalsCondition capitals:
                if (capitals.ShareAtLeast is <= 0 or > 1) { Error(path + ".capitals.shareAtLeast", "The share of capitals is a number above 0 and at most 1 (0.7 = 70%).", at); return null; }
                if (capitals.MinLetters < 1) { Error(path + ".capitals.minLetters", "minLetters must be at least 1.", at); return null; }
                return new CapitalsPredicate(capitals.ShareAtLeast, capitals.MinLetters);
            case RepeatedCharactersCondition repeated:
                if (repeated.AtLeast < 2) { Error(path + ".repeatedCharacters.atLeast", "A repeat needs at least 2 characters.", at); return null; }
                return new RepeatedCharactersPredicate(repeated.AtLeast);
            case AuthorCondition author:
                if (author is { IsRegistered: null, IsNew: null, AccountAgeDays: null, Approved: null, Rejected: null, Spam: null, RejectionRate: null, Standing.Count: 0 })
                {
                    Error(path + ".author", "Say at least one thing about the author (isRegistered, isNew, accountAgeDays, approved, rejected, spam, rejectionRate, standing).", at);
                    return null;
                }
                CheckRange(author.AccountAgeDays, path + ".author.accountAgeDays", at);
                CheckRange(author.Approved, path + ".author.approved", at);
                CheckRange(author.Rejected, path + ".author.rejected", at);
                CheckRange(author.Spam, path + ".author.spam", at);
                CheckRange(author.RejectionRate, path + ".author.rejectionRate", at);
                return new AuthorPredicate(author);
            case RecentCommentsCondition recent:
                if (recent.AtLeast < 1) { Error(path + ".recentComments.atLeast", "atLeast must be at least 1.", at); return null; }
                if (recent.WithinMinutes is <= 0 or > 60 * 24) { Error(path + ".recentComments.withinMinutes", "withinMinutes must be above 0 and at most 1440 (a day).", at); return null; }
                return new RecentCommentsPredicate(recent.AtLeast, TimeSpan.FromMinutes(recent.WithinMinutes));
            case SameTextCondition same:
                if (same.AtLeast < 1) { Error(path + ".sameText.atLeast", "atLeast must be at least 1.", at); return null; }
                return new SameTextPredicate(same.AtLeast);
            case ArticleCondition article:
                if (article.AgeDays is null && article.Policy.Count == 0) { Error(path + ".article", "Give ageDays, policy or both.", at); return null; }
                CheckRange(article.AgeDays, path + ".article.ageDays", at);
                return new ArticlePredicate(article.AgeDays, article.Policy.ToArray());
            default:
                Error(path, $"Unknown condition {condition.GetType().Name}.", at);
                return null;
        }
    }

    private Predicate[]? Parts(List<Condition> conditions, string path, int depth, SourcePosition? at)
    {
        if (conditions is not { Count: > 0 }) { Error(path, "A group needs at least one condition.", at); return null; }
        var parts = new Predicate[conditions.Count];
        var ok = true;
        for (var i = 0; i < conditions.Count; i++)
        {
            var part = conditions[i] is { } c ? Build(c, $"{path}[{i}]", depth + 1) : null;
            if (conditions[i] is null) Error($"{path}[{i}]", "A condition cannot be null.", at);
            if (part is null) ok = false;
            else parts[i] = part;
        }
        return ok ? parts : null;
    }

    private Predicate? BuildWords(WordsCondition words, string path)
    {
        var at = words.Source;
        var matchers = new List<WordListMatcher>();
        if (words.List is { } listName)
        {
            if (!_definition.WordLists.TryGetValue(listName, out var terms) || terms is null)
            {
                var known = _definition.WordLists.Keys.ToList();
                Error(path + ".list", $"There is no word list named \u201c{listName}\u201d" + (known.Count > 0 ? $" (lists: {string.Join(", ", known)})." : "."), at);
                return null;
            }
            if (!_listMatchers.TryGetValue((listName, words.Match), out var matcher))
            {
                _listMatchers[(listName, words.Match)] = matcher = WordListMatcher.Compile(terms, words.Match);
            }
            matchers.Add(matcher);
        }
        if (words.Terms is { Count: > 0 }) matchers.Add(WordListMatcher.Compile(words.Terms, words.Match));
        if (matchers.Count == 0) { Error(path, "Give a word list (\u201clist\u201d) or terms (\u201cterms\u201d).", at); return null; }
        var bad = (words.Terms ?? []).Where(t => TextNormalizer.NormalizeTerm(t.Trim('*', ' ')).Length == 0).ToList();
        if (bad.Count > 0) { Error(path + ".terms", $"These terms have no letters or digits to match: {string.Join(", ", bad.Select(t => $"\u201c{t}\u201d"))}.", at); return null; }
        var fields = words.In is { Count: > 0 } ? words.In.Distinct().ToArray() : DefaultWordFields;
        var predicates = matchers.Select(m => (Predicate)new WordsPredicate(m, fields)).ToArray();
        return predicates.Length == 1 ? predicates[0] : new AnyPredicate(predicates);
    }

    private Predicate? BuildRegex(RegexCondition condition, string path)
    {
        var at = condition.Source;
        if (string.IsNullOrEmpty(condition.Pattern)) { Error(path + ".pattern", "A regex needs a pattern.", at); return null; }
        if (condition.Pattern.Length > 2000) { Error(path + ".pattern", "A pattern can be at most 2,000 characters.", at); return null; }
        var shape = RegexShape.Read(condition.Pattern);
        Regex regex;
        try
        {
            regex = RegexPredicate.Build(condition.Pattern, condition.IgnoreCase, shape);
        }
        catch (NotSupportedException e) when (shape.HasLargeRepeat)
        {
            Error(path + ".pattern", $"Repeats with large bounds (more than {RegexShape.LargeRepeat} places to stop, like {{0,1000}}) backtrack like open-ended ones, " +
                $"so the pattern must run on the linear-time engine, which cannot run it: {e.Message} Use open repeats (+ or *) or smaller bounds.", at);
            return null;
        }
        catch (NotSupportedException e)
        {
            Error(path + ".pattern", "The pattern could backtrack catastrophically (a repeated group that itself repeats or alternates, or two open-ended repeats), " +
                $"so it must run on the linear-time engine, which cannot run backreferences, lookarounds, atomic groups or conditionals; rewrite one or the other: {e.Message}", at);
            return null;
        }
        catch (ArgumentException e)
        {
            Error(path + ".pattern", $"Not a valid regular expression: {e.Message}", at);
            return null;
        }
        var fields = condition.In is { Count: > 0 } ? condition.In.Distinct().ToArray() : DefaultRegexFields;
        var literal = -1;
        if (shape.RequiredLiteral is { } required)
        {
            literal = _literals.IndexOf(required);
            if (literal < 0) { literal = _literals.Count; _literals.Add(required); }
        }
        return new RegexPredicate(regex, fields, literal, shape.RequiresDigit);
    }

    private Predicate? BuildLinks(LinksCondition links, string path)
    {
        var at = links.Source;
        var domains = new List<string>(links.Domains ?? []);
        if (links.DomainList is { } listName)
        {
            if (!_definition.WordLists.TryGetValue(listName, out var listed) || listed is null)
            {
                Error(path + ".domainList", $"There is no word list named \u201c{listName}\u201d.", at);
                return null;
            }
            domains.AddRange(listed);
        }
        if (links.AtLeast is null && domains.Count == 0 && links.DomainList is null) { Error(path, "Give atLeast (a number of links), domains, or both.", at); return null; }
        if (links.AtLeast is < 1) { Error(path + ".atLeast", "atLeast must be at least 1.", at); return null; }
        var normalized = domains.Select(LinksPredicate.NormalizeDomain).ToList();
        var empty = domains.Where((d, i) => normalized[i].Length == 0).ToList();
        if (empty.Count > 0) { Error(path + ".domains", $"Not a domain: {string.Join(", ", empty.Select(d => $"\u201c{d}\u201d"))}.", at); return null; }
        var set = normalized.Count > 0 || links.DomainList is not null ? normalized.ToFrozenSet(StringComparer.OrdinalIgnoreCase) : null;
        return new LinksPredicate(links.AtLeast, set);
    }

    private void CheckRange(NumberRange? range, string path, SourcePosition? at)
    {
        if (range is null) return;
        if (range.AtLeast is null && range.AtMost is null) Error(path, "Give atLeast, atMost or both.", at);
        else if (range.AtLeast > range.AtMost) Error(path, "atLeast is greater than atMost: nothing could match.", at);
    }

    private void CheckSettings(DiscussionSettings settings)
    {
        if (settings.HoldWhenLinksAtLeast < 0) Error("discussion.holdWhenLinksAtLeast", "Cannot be negative (0 turns the check off).");
        if (settings.FloodIntervalSeconds < 0) Error("discussion.floodIntervalSeconds", "Cannot be negative (0 turns flood control off).");
        if (settings.CloseCommentsAfterDays < 0) Error("discussion.closeCommentsAfterDays", "Cannot be negative (0 never closes).");
    }

    private void CheckThresholds(DiscussionThresholds thresholds)
    {
        var settings = new DiscussionSettings();
        thresholds.ApplyTo(settings);
        CheckSettings(settings);
    }

    private void Error(string path, string message, SourcePosition? position = null) => _errors.Add(new RuleSetError(path, message, position));
}

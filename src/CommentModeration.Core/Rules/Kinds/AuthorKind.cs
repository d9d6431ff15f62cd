using System.Text.Json;
using CommentModeration.Core.Comments;
using CommentModeration.Core.Rules.Definition;
using CommentModeration.Core.Rules.File;
using CommentModeration.Core.Rules.Predicates;

namespace CommentModeration.Core.Rules.Kinds;

/// <summary><c>{ "author": { "isRegistered": false, "isNew": true, "accountAgeDays": { "atMost": 2 }, …, "standing": ["premoderated"] } }</c></summary>
internal sealed class AuthorKind() : ConditionKind<AuthorCondition>("author")
{
    protected override void Read(AuthorCondition author, RulesFileReader file, JsonObjectTree value, string path)
    {
        foreach (var m in file.Members(value, path, "isRegistered", "isNew", "accountAgeDays", "approved", "rejected", "spam", "rejectionRate", "standing"))
        {
            var at = $"{path}.{m.Name}";
            switch (m.Name.ToLowerInvariant())
            {
                case "isregistered": author.IsRegistered = file.Bool(m.Value, at); break;
                case "isnew": author.IsNew = file.Bool(m.Value, at); break;
                case "accountagedays": author.AccountAgeDays = file.Range(m.Value, at); break;
                case "approved": author.Approved = file.Range(m.Value, at); break;
                case "rejected": author.Rejected = file.Range(m.Value, at); break;
                case "spam": author.Spam = file.Range(m.Value, at); break;
                case "rejectionrate": author.RejectionRate = file.Range(m.Value, at); break;
                case "standing":
                    foreach (var (name, position) in file.StringsWithPositions(m.Value, at))
                    {
                        var cleaned = name.Replace("-", "").Replace("_", "").Replace(" ", "");
                        if (Enum.TryParse<AuthorStandingLevel>(cleaned, true, out var standing) && !int.TryParse(cleaned, out _)) author.Standing.Add(standing);
                        else file.Error(at, $"Unknown standing \u201c{name}\u201d; use normal, trusted, premoderated, suspended or banned.", position);
                    }
                    break;
            }
        }
    }

    protected override void Write(Utf8JsonWriter w, AuthorCondition author)
    {
        if (author.IsRegistered is { } registered) w.WriteBoolean("isRegistered", registered);
        if (author.IsNew is { } isNew) w.WriteBoolean("isNew", isNew);
        RulesFile.WriteRange(w, "accountAgeDays", author.AccountAgeDays);
        RulesFile.WriteRange(w, "approved", author.Approved);
        RulesFile.WriteRange(w, "rejected", author.Rejected);
        RulesFile.WriteRange(w, "spam", author.Spam);
        RulesFile.WriteRange(w, "rejectionRate", author.RejectionRate);
        if (author.Standing.Count > 0) RulesFile.WriteStrings(w, "standing", author.Standing.Select(RulesFile.StandingName));
    }

    protected override Predicate? Compile(AuthorCondition author, RuleSetCompiler compiler, string path)
    {
        var at = author.Source;
        if (author is { IsRegistered: null, IsNew: null, AccountAgeDays: null, Approved: null, Rejected: null, Spam: null, RejectionRate: null, Standing.Count: 0 })
        {
            compiler.Error(path, "Say at least one thing about the author (isRegistered, isNew, accountAgeDays, approved, rejected, spam, rejectionRate, standing).", at);
            return null;
        }
        compiler.CheckRange(author.AccountAgeDays, path + ".accountAgeDays", at);
        compiler.CheckRange(author.Approved, path + ".approved", at);
        compiler.CheckRange(author.Rejected, path + ".rejected", at);
        compiler.CheckRange(author.Spam, path + ".spam", at);
        compiler.CheckRange(author.RejectionRate, path + ".rejectionRate", at);
        return new AuthorPredicate(author);
    }

    protected override string Describe(AuthorCondition a)
    {
        var parts = new List<string>();
        if (a.IsRegistered is { } registered) parts.Add(registered ? "registered" : "guest");
        if (a.IsNew is { } isNew) parts.Add(isNew ? "no approved comment yet" : "has approved comments");
        if (a.AccountAgeDays is { } age) parts.Add("account age " + ConditionDescriptions.Range(age.AtLeast, age.AtMost, " days"));
        if (a.Approved is { } approved) parts.Add("approved " + ConditionDescriptions.Range(approved.AtLeast, approved.AtMost));
        if (a.Rejected is { } rejected) parts.Add("rejected " + ConditionDescriptions.Range(rejected.AtLeast, rejected.AtMost));
        if (a.Spam is { } spam) parts.Add("spam " + ConditionDescriptions.Range(spam.AtLeast, spam.AtMost));
        if (a.RejectionRate is { } rate) parts.Add("rejection rate " + ConditionDescriptions.Range(rate.AtLeast, rate.AtMost));
        if (a.Standing.Count > 0) parts.Add("standing " + string.Join("/", a.Standing.Select(s => s.ToString().ToLowerInvariant())));
        return "author " + string.Join(", ", parts);
    }
}

using CommentModeration.Web.Moderation;

namespace CommentModeration.Web.Servers;

public enum ServerMessageKind
{
    /// <summary>A change for open moderation pages (<see cref="ModerationChange"/>).</summary>
    Moderation,

    /// <summary>An article's reader pages (by slug) show something else now.</summary>
    ReaderPages,

    /// <summary>Rules or discussion settings were saved: the set in force is read again.</summary>
    Rules,

    /// <summary>Webhook endpoints were added, changed or deleted: which events are received is read again.</summary>
    Webhooks,
}

/// <summary>
/// What one server of a site tells the others, as one line of text: its kind, a space, its subject
/// (a moderation change, a slug, nothing). Lines that do not parse are ignored by the receiver.
/// </summary>
public readonly record struct ServerMessage(ServerMessageKind Kind, string Subject)
{
    public static ServerMessage ReaderPagesOf(string slug) => new(ServerMessageKind.ReaderPages, slug);

    public static readonly ServerMessage RulesSaved = new(ServerMessageKind.Rules, "");

    public static readonly ServerMessage WebhooksChanged = new(ServerMessageKind.Webhooks, "");

    public static ServerMessage Moderation(ModerationChange change) =>
        new(ServerMessageKind.Moderation, change.CommentId is { } id ? $"{change.Kind} {id}" : change.Kind.ToString());

    public string ToLine() => Subject.Length == 0 ? Kind.ToString() : $"{Kind} {Subject}";

    public static bool TryParse(string line, out ServerMessage message)
    {
        var space = line.IndexOf(' ');
        var kind = space < 0 ? line : line[..space];
        message = default;
        // By name only: a number would name whichever kind has it in this version.
        if (kind.Length == 0 || !char.IsLetter(kind[0]) || !Enum.TryParse<ServerMessageKind>(kind, out var parsed) || !Enum.IsDefined(parsed)) return false;
        message = new ServerMessage(parsed, space < 0 ? "" : line[(space + 1)..]);
        return true;
    }

    /// <summary>The moderation change a <see cref="ServerMessageKind.Moderation"/> message carries.</summary>
    public bool TryGetModerationChange(out ModerationChange change)
    {
        change = ModerationChange.Counts();
        if (Kind != ServerMessageKind.Moderation) return false;
        var parts = Subject.Split(' ');
        if (!Enum.TryParse<ModerationChangeKind>(parts[0], out var kind) || !Enum.IsDefined(kind)) return false;
        long? id = null;
        if (parts.Length > 1)
        {
            if (!long.TryParse(parts[1], out var parsed)) return false;
            id = parsed;
        }
        change = new ModerationChange(kind, id);
        return true;
    }
}

/// <summary>
/// The other servers of this site, to be told what changed here. Fire and forget: <see cref="Tell"/>
/// never throws and never waits for the database.
/// </summary>
public interface IOtherServers
{
    void Tell(ServerMessage message);
}

/// <summary>On SQLite the site is one server: there is nobody to tell.</summary>
public sealed class NoOtherServers : IOtherServers
{
    public void Tell(ServerMessage message)
    {
    }
}

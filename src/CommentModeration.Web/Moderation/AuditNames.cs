using CommentModeration.Data;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Accounts;
using CommentModeration.Web.Api;
using Microsoft.EntityFrameworkCore;

namespace CommentModeration.Web.Moderation;

/// <summary>
/// One name per person in the log: a row written by an account shows the account's display name
/// as it is now, whatever name the row was written with (older rows hold the sign-in email);
/// what was done through an API key keeps saying which key. No email address is ever shown.
/// </summary>
public static class AuditNames
{
    /// <summary>The display names of the accounts behind <paramref name="rows"/>, by user id.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> OfAsync(AppDbContext db, IReadOnlyCollection<ModerationEvent> rows, CancellationToken ct)
    {
        var ids = rows.Where(r => !string.IsNullOrEmpty(r.ActorUserId)).Select(r => r.ActorUserId!).Distinct().ToList();
        if (ids.Count == 0) return new Dictionary<string, string>();
        var users = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).Select(u => new { u.Id, u.DisplayName }).ToListAsync(ct);
        return users.ToDictionary(u => u.Id, u => ReaderNames.Shown(u.DisplayName, u.Id));
    }

    public static string Shown(ModerationEvent row, IReadOnlyDictionary<string, string> names)
    {
        var viaKey = row.ActorName.IndexOf(ApiCaller.ViaKey, StringComparison.Ordinal);
        var key = viaKey < 0 ? "" : row.ActorName[viaKey..];
        if (row.ActorUserId is { Length: > 0 } id)
        {
            if (names.TryGetValue(id, out var name)) return name + key;
            // The account is gone: its rows keep the name they were written with, unless that was an email address.
            if (ReaderNames.HoldsEmail(row.ActorName)) return ReaderNames.Fallback(id) + (ReaderNames.HoldsEmail(key) ? "" : key);
        }
        return ReaderNames.HoldsEmail(row.ActorName) ? "someone" : row.ActorName;
    }
}

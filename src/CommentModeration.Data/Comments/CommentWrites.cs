using CommentModeration.Data.Sql;
using Microsoft.Extensions.DependencyInjection;

namespace CommentModeration.Data.Comments;

/// <summary>
/// Opens the kernel's transactions (<see cref="CommentTransaction"/>): every change of a comment's
/// state goes through one, and what it changed is followed up (<see cref="ICommentFollowUp"/>) once
/// it commits.
/// </summary>
public sealed class CommentWrites(ICommentFollowUp followUp, SqlStatements sql, EventOutbox outbox, TimeProvider clock)
{
    /// <summary>The provider's statements the kernel's batched writes are made of.</summary>
    internal SqlStatements Sql => sql;

    /// <summary>Where a change's webhook events are written, in its transaction.</summary>
    internal EventOutbox Outbox => outbox;

    /// <summary>Waits for the database's write gate and begins a write transaction on <paramref name="db"/>.</summary>
    public async Task<CommentTransaction> BeginAsync(AppDbContext db, CancellationToken ct = default) =>
        new(db, await db.BeginWriteAsync(ct), this, clock);

    /// <summary>One post of a group that <see cref="PostingWrites"/> runs and commits.</summary>
    internal CommentTransaction Join(AppDbContext db) => new(db, transaction: null, this, clock);

    internal Task FollowUpAsync(CommittedChanges changes) =>
        changes.IsEmpty ? Task.CompletedTask : followUp.AfterCommitAsync(changes, CancellationToken.None);
}

public static class CommentKernelServices
{
    /// <summary>The kernel's services; <typeparamref name="TFollowUp"/> is the host's work after a commit (the host also provides <see cref="IEventLinks"/>).</summary>
    public static IServiceCollection AddCommentKernel<TFollowUp>(this IServiceCollection services) where TFollowUp : class, ICommentFollowUp
    {
        services.AddSingleton<ICommentFollowUp, TFollowUp>();
        services.AddSingleton<WebhookSubscriptions>();
        services.AddSingleton<EventOutbox>();
        services.AddSingleton<CommentWrites>();
        services.AddSingleton<PostingWrites>();
        return services;
    }
}

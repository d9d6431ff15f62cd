using CommentModeration.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace CommentModeration.Data;

public sealed partial class AppDbContext
{
    private static void ConfigureAppeals(ModelBuilder builder)
    {
        builder.Entity<Appeal>(e =>
        {
            // Once per decision, however many times the form is sent.
            e.HasIndex(a => a.DecisionEventId).IsUnique();
            e.HasIndex(a => a.CommentId);
            // The open appeals queue, oldest first.
            e.HasIndex(a => new { a.DecidedAt, a.Id });
            e.Property(a => a.Text).HasMaxLength(Appeal.MaxTextLength);
            e.Property(a => a.FirstDeciderUserId).HasMaxLength(450);
            e.Property(a => a.DecidedByUserId).HasMaxLength(450);
            e.Property(a => a.DecidedByName).HasMaxLength(256);
            e.Property(a => a.DecisionReason).HasMaxLength(500);
        });
    }
}

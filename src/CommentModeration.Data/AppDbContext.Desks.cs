using CommentModeration.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace CommentModeration.Data;

public sealed partial class AppDbContext
{
    public DbSet<ModeratorDesk> ModeratorDesks => Set<ModeratorDesk>();
    public DbSet<QueueClaim> QueueClaims => Set<QueueClaim>();

    public const int MaxSectionLength = 100;

    private static void ConfigureDesks(ModelBuilder builder)
    {
        builder.Entity<Article>(e =>
        {
            e.Property(a => a.Section).HasMaxLength(MaxSectionLength);
            e.HasIndex(a => a.Section);
        });
        builder.Entity<ModeratorDesk>(e =>
        {
            e.HasKey(d => new { d.UserId, d.Section });
            e.Property(d => d.Section).HasMaxLength(MaxSectionLength);
            e.HasOne<ApplicationUser>().WithMany().HasForeignKey(d => d.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<QueueClaim>(e =>
        {
            e.HasKey(c => c.CommentId);
            e.Property(c => c.CommentId).ValueGeneratedNever();
            e.Property(c => c.ClaimantName).HasMaxLength(256);
            // A moderator's own claim, released when they move on or leave.
            e.HasIndex(c => c.ClaimantId);
        });
    }
}

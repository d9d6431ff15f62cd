using CommentModeration.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace CommentModeration.Data;

public sealed partial class AppDbContext
{
    public DbSet<RuleDraft> RuleDrafts => Set<RuleDraft>();

    private static void ConfigureRuleDrafts(ModelBuilder builder)
    {
        builder.Entity<RuleDraft>(e =>
        {
            e.HasKey(d => d.UserId);
            // An account deleted takes its unsaved draft with it.
            e.HasOne<ApplicationUser>().WithMany().HasForeignKey(d => d.UserId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}

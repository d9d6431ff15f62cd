using CommentModeration.Core.Discussion;
using CommentModeration.Data.Entities;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace CommentModeration.Data;

public sealed partial class AppDbContext(DbContextOptions<AppDbContext> options) : IdentityDbContext<ApplicationUser>(options), IDataProtectionKeyContext
{
    public DbSet<Article> Articles => Set<Article>();
    public DbSet<Comment> Comments => Set<Comment>();
    public DbSet<CommentRevision> CommentRevisions => Set<CommentRevision>();
    public DbSet<ModerationEvent> ModerationEvents => Set<ModerationEvent>();
    public DbSet<Report> Reports => Set<Report>();
    public DbSet<AuthorStanding> AuthorStandings => Set<AuthorStanding>();
    public DbSet<AuthorNote> AuthorNotes => Set<AuthorNote>();
    public DbSet<AuthorWarning> AuthorWarnings => Set<AuthorWarning>();
    public DbSet<QueueCounter> QueueCounters => Set<QueueCounter>();
    public DbSet<RuleSetRevision> RuleSetRevisions => Set<RuleSetRevision>();
    public DbSet<RuleHitDaily> RuleHitsDaily => Set<RuleHitDaily>();
    public DbSet<DiscussionSettings> DiscussionSettings => Set<DiscussionSettings>();
    public DbSet<ReplyMailOptOut> ReplyMailOptOuts => Set<ReplyMailOptOut>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    /// <summary>Cookie and antiforgery keys, when servers share them (PostgreSQL); a SQLite site keeps them in its keys folder.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<WebhookEndpoint> WebhookEndpoints => Set<WebhookEndpoint>();
    public DbSet<OutboxEvent> OutboxEvents => Set<OutboxEvent>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();
    public DbSet<Appeal> Appeals => Set<Appeal>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<ApplicationUser>(e => e.Property(u => u.DisplayName).HasMaxLength(245));

        builder.Entity<Article>(e =>
        {
            e.HasIndex(a => a.Slug).IsUnique();
            e.HasIndex(a => a.PublishedAt);
            e.Property(a => a.Slug).HasMaxLength(200);
            e.Property(a => a.Title).HasMaxLength(300);
            // A WordPress import finds the articles it brought in before (NULLs, written here, never collide).
            e.HasIndex(a => new { a.SourceSite, a.SourcePostId }).IsUnique();
            e.Property(a => a.SourceSite).HasMaxLength(300);
            // A CMS registers its stories by their canonical address (NULLs, articles written here, never collide).
            e.HasIndex(a => a.CanonicalUrl).IsUnique();
            e.Property(a => a.CanonicalUrl).HasMaxLength(1000);
        });

        builder.Entity<Comment>(e =>
        {
            e.HasOne(c => c.Article).WithMany().HasForeignKey(c => c.ArticleId).OnDelete(DeleteBehavior.Restrict);
            e.Property(c => c.Version).IsConcurrencyToken();
            // The reader page: a page of top-level threads, then every published reply in them.
            // Reader pages ask for visible (approved, not hidden by reports) top-level comments in
            // posting order: (CreatedAt, Id) gives SQLite that order, HiddenByReports last lets the
            // counts and the page's roots be read from the index alone.
            e.HasIndex(c => new { c.ArticleId, c.Status, c.ParentId, c.CreatedAt, c.Id, c.HiddenByReports });
            e.HasIndex(c => new { c.ThreadRootId, c.Status });
            // The moderation queue: keyset paging by status, then time and id.
            e.HasIndex(c => new { c.Status, c.CreatedAt, c.Id });
            // The small queues inside Approved (flagged, reported) and the All queue keep keyset paging on an index of their own.
            e.HasIndex(c => new { c.CreatedAt, c.Id }, "IX_Comments_Flagged").HasFilter("\"Status\" = 1 AND \"NeedsReview\"");
            e.HasIndex(c => new { c.CreatedAt, c.Id }, "IX_Comments_Reported").HasFilter("\"Status\" = 1 AND \"OpenReportCount\" > 0");
            e.HasIndex(c => new { c.CreatedAt, c.Id }, "IX_Comments_CreatedAt_Id");
            e.HasIndex(c => new { c.AuthorKey, c.CreatedAt });
            // An author's comments by status: "has the author a previously approved comment?" at
            // posting (without it SQLite walked every approved comment on each post), and a
            // signed-in reader's own held comments on an article.
            e.HasIndex(c => new { c.AuthorKey, c.Status, c.ArticleId, c.AuthorName });
            e.HasIndex(c => new { c.Ip, c.CreatedAt });
            e.HasIndex(c => c.ParentId);
            // Duplicate and same-text checks at posting.
            e.HasIndex(c => new { c.BodyHash, c.CreatedAt });
            // Rows written outside the model (benchmarks' raw inserts) get 0 and match no real text.
            e.Property(c => c.BodyHash).HasDefaultValue(0L);
        });

        builder.Entity<CommentRevision>(e => e.HasIndex(r => r.CommentId));

        builder.Entity<ModerationEvent>(e =>
        {
            // The log reads newest first, ties of time broken by id.
            e.HasIndex(m => new { m.At, m.Id });
            e.HasIndex(m => m.CommentId);
            e.Property(m => m.DecidingCheck).HasMaxLength(200);
            e.HasIndex(m => m.AuthorKey);
        });

        builder.Entity<Report>(e =>
        {
            e.HasIndex(r => new { r.CommentId, r.ReporterKey }).IsUnique();
            e.Property(r => r.Text).HasMaxLength(1000);
            e.Property(r => r.AddressKey).HasMaxLength(32);
            e.Property(r => r.BrowserKey).HasMaxLength(32);
            e.Property(r => r.LegalGround).HasMaxLength(Report.MaxLegalGroundLength);
            e.Property(r => r.Country).HasMaxLength(Report.MaxCountryLength);
            e.Property(r => r.ReporterName).HasMaxLength(Report.MaxReporterNameLength);
            e.Property(r => r.ReporterEmail).HasMaxLength(256);
        });

        builder.Entity<AuthorStanding>(e =>
        {
            e.HasIndex(a => a.AuthorKey).IsUnique();
            e.Property(a => a.Version).IsConcurrencyToken();
        });

        builder.Entity<AuthorNote>(e => e.HasIndex(n => n.AuthorKey));
        builder.Entity<AuthorWarning>(e => e.HasIndex(w => w.AuthorKey));
        builder.Entity<QueueCounter>(e => e.HasKey(q => q.Name));
        builder.Entity<RuleHitDaily>(e => e.HasKey(r => new { r.RuleKey, r.Day }));
        builder.Entity<DiscussionSettings>(e =>
        {
            e.Property(s => s.Id).ValueGeneratedNever();
            // A site that stored its settings before the edit window existed gets the default window;
            // the value is always written, so 0 (editing off) is stored as 0.
            e.Property(s => s.EditWindowMinutes).HasDefaultValue(Core.Discussion.DiscussionSettings.DefaultEditWindowMinutes).ValueGeneratedNever();
        });
        builder.Entity<ApiKey>(e =>
        {
            e.HasIndex(k => k.Prefix).IsUnique();
            e.Property(k => k.Prefix).HasMaxLength(16);
            e.Property(k => k.Name).HasMaxLength(100);
            e.Property(k => k.Scopes).HasMaxLength(100);
            // An account deleted takes its keys with it.
            e.HasOne<ApplicationUser>().WithMany().HasForeignKey(k => k.CreatedByUserId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<ReplyMailOptOut>(e =>
        {
            e.HasKey(o => o.Email);
            e.Property(o => o.Email).HasMaxLength(256);
        });
        ConfigureWebhooks(builder);
        ConfigureDesks(builder);
        ConfigureAppeals(builder);
        ConfigureRuleDrafts(builder);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot order or compare DateTimeOffset natively; store UTC ticks so queues sort in SQL.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToTicksConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<DateTimeOffsetToTicksConverter>();
    }
}

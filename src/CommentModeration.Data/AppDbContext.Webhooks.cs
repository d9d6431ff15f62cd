using CommentModeration.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace CommentModeration.Data;

public sealed partial class AppDbContext
{
    private static void ConfigureWebhooks(ModelBuilder builder)
    {
        builder.Entity<WebhookEndpoint>(e =>
        {
            e.Property(w => w.Url).HasMaxLength(WebhookEndpoint.MaxUrlLength);
            e.Property(w => w.Events).HasMaxLength(WebhookEndpoint.MaxEventsLength);
            e.Property(w => w.ProtectedSecret).HasMaxLength(1000);
            e.Property(w => w.CreatedBy).HasMaxLength(256);
        });

        builder.Entity<OutboxEvent>(e =>
        {
            e.Property(o => o.Type).HasMaxLength(40);
            // The dispatcher's next events: those not fanned out yet, a handful among many.
            e.HasIndex(o => o.Id, "IX_OutboxEvents_NotFannedOut").HasFilter("\"FannedOutAt\" IS NULL");
        });

        builder.Entity<WebhookDelivery>(e =>
        {
            e.HasOne(d => d.Event).WithMany().HasForeignKey(d => d.EventId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(d => d.Endpoint).WithMany().HasForeignKey(d => d.EndpointId).OnDelete(DeleteBehavior.Cascade);
            // One delivery per event and endpoint, however many dispatchers fan the event out.
            e.HasIndex(d => new { d.EventId, d.EndpointId }).IsUnique();
            // Due deliveries (pending or failed), soonest first.
            e.HasIndex(d => new { d.Status, d.NextAttemptAt });
            // An endpoint's delivery log, newest first.
            e.HasIndex(d => new { d.EndpointId, d.Id });
            e.Property(d => d.LastResponseExcerpt).HasMaxLength(WebhookDelivery.MaxExcerptLength);
            e.Property(d => d.LastError).HasMaxLength(WebhookDelivery.MaxErrorLength);
        });
    }
}

using CommentModeration.Data.Comments;
using CommentModeration.Web.Moderation;

namespace CommentModeration.Web.Tests.Moderation;

/// <summary>The audit log can be filtered by every action the trail records, each under a name of its own.</summary>
public sealed class AuditWordingTests
{
    [Fact]
    public void The_log_offers_every_action_by_a_label_of_its_own()
    {
        Assert.Contains(AuditActions.Warn, AuditActions.All);
        Assert.Contains(AuditActions.AppealReverse, AuditActions.All);
        Assert.Contains(AuditActions.WebhookTest, AuditActions.All);
        Assert.Equal(AuditActions.All.Count, AuditActions.All.Distinct().Count());

        var labels = AuditActions.All.ToDictionary(action => action, AuditWording.Label);
        Assert.DoesNotContain(labels, l => l.Value == l.Key);
        Assert.Equal(labels.Count, labels.Values.Distinct().Count());
    }
}

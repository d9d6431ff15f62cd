using System.Text;
using CommentModeration.Data.Sql;
using CommentModeration.Web.Moderation;
using CommentModeration.Web.Servers;

namespace CommentModeration.Web.Tests.Servers;

/// <summary>The lines servers send each other, and how many fit one notification.</summary>
public sealed class ServerMessageTests
{
    [Fact]
    public void Each_message_reads_back_as_it_was_written()
    {
        ServerMessage[] sent =
        [
            ServerMessage.Moderation(ModerationChange.Added(12)),
            ServerMessage.Moderation(ModerationChange.Changed(34)),
            ServerMessage.Moderation(ModerationChange.Counts()),
            ServerMessage.ReaderPagesOf("carbon-levy-passes"),
            ServerMessage.RulesSaved,
            ServerMessage.WebhooksChanged,
        ];

        foreach (var message in sent)
        {
            Assert.True(ServerMessage.TryParse(message.ToLine(), out var read));
            Assert.Equal(message, read);
        }
        Assert.True(sent[0].TryGetModerationChange(out var added));
        Assert.Equal(ModerationChange.Added(12), added);
        Assert.True(sent[2].TryGetModerationChange(out var counts));
        Assert.Equal(ModerationChange.Counts(), counts);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Evict everything")]
    [InlineData("3 slug")]
    public void A_line_of_no_known_kind_is_refused(string line)
    {
        Assert.False(ServerMessage.TryParse(line, out _));
    }

    [Theory]
    [InlineData("Moderation CommentAdded twelve")]
    [InlineData("Moderation Deleted 12")]
    [InlineData("Moderation 7 12")]
    public void A_moderation_line_that_names_no_change_carries_none(string line)
    {
        Assert.True(ServerMessage.TryParse(line, out var message));
        Assert.False(message.TryGetModerationChange(out _));
    }

    [Fact]
    public void A_burst_is_split_into_notifications_under_the_size_limit_each_naming_the_sender_and_every_message_sent_once()
    {
        var slugs = Enumerable.Range(1, 2_000).Select(i => $"an-article-with-a-long-slug-number-{i}").ToList();
        var messages = slugs.Concat(slugs).Select(ServerMessage.ReaderPagesOf);

        var payloads = PostgresOtherServers.Payloads("server-a", messages);

        Assert.True(payloads.Count > 1);
        Assert.All(payloads, p => Assert.True(Encoding.UTF8.GetByteCount(p) <= PostgresNotifications.MaxPayloadBytes));
        Assert.All(payloads, p => Assert.Equal("server-a", p.Split('\n')[0]));
        var lines = payloads.SelectMany(p => p.Split('\n').Skip(1)).ToList();
        Assert.Equal(slugs.Select(s => ServerMessage.ReaderPagesOf(s).ToLine()), lines);
    }
}

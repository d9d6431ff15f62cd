using CommentModeration.Core.Discussion;

namespace CommentModeration.Core.Tests.Discussion;

public class DiscussionSettingsTests
{
    [Fact]
    public void Settings_are_equal_when_every_setting_is()
    {
        Assert.Equal(new DiscussionSettings(), new DiscussionSettings());
        Assert.Equal(new DiscussionSettings { ModerationKeys = "casino\npoker" }, new DiscussionSettings() with { ModerationKeys = "casino\npoker" });
        Assert.NotEqual(new DiscussionSettings(), new DiscussionSettings { CommentsPerPage = 20 });
        Assert.NotEqual(new DiscussionSettings(), new DiscussionSettings { DisallowedKeys = "casino" });
    }

    [Fact]
    public void A_change_makes_a_new_value_and_leaves_the_old_one_alone()
    {
        var before = new DiscussionSettings();
        var after = before with { ThreadDepth = 3 };

        Assert.Equal(5, before.ThreadDepth);
        Assert.Equal(3, after.ThreadDepth);
        Assert.Equal(before, after with { ThreadDepth = 5 });
    }

    [Fact]
    public void Thresholds_of_other_settings_replace_the_checks_and_keep_the_display_settings()
    {
        var stored = new DiscussionSettings { CommentsPerPage = 20, ThreadDepth = 3, ReportsToHide = 7, PurgeSpamAfterDays = 60, NotifyAuthorsOfDecisions = false };
        var file = new DiscussionSettings
        {
            GuestsMayComment = false, RequireNameAndEmail = false, ManualApproval = true, RequirePreviouslyApproved = false,
            HoldWhenLinksAtLeast = 4, ModerationKeys = "viagra", DisallowedKeys = "casino", FloodIntervalSeconds = 30, CloseCommentsAfterDays = 90,
        };

        var effective = stored.WithThresholdsOf(file);

        Assert.Equal(file with { CommentsPerPage = 20, ThreadDepth = 3, ReportsToHide = 7, PurgeSpamAfterDays = 60, NotifyAuthorsOfDecisions = false }, effective);
        Assert.Same(stored, stored.WithThresholdsOf(null));
    }

    [Fact]
    public void Same_thresholds_ignore_the_display_settings()
    {
        var stored = new DiscussionSettings { CommentsPerPage = 20 };

        Assert.True(stored.HasThresholdsOf(new DiscussionSettings()));
        Assert.False(stored.HasThresholdsOf(new DiscussionSettings { FloodIntervalSeconds = 5 }));
        Assert.False(stored.HasThresholdsOf(new DiscussionSettings { ModerationKeys = "viagra" }));
    }
}

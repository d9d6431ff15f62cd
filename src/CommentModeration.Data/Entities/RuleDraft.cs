namespace CommentModeration.Data.Entities;

/// <summary>
/// An admin's unsaved rules draft, kept so that it survives a reload, a new circuit, a restart
/// and a move to another server: the rules file as edited, and what it was loaded from (the
/// rules revision and the discussion thresholds then), so saving it later is still checked
/// against what others saved meanwhile. One per admin; saving or discarding deletes it.
/// </summary>
public sealed class RuleDraft
{
    public required string UserId { get; set; }
    public int BaseRevision { get; set; }
    /// <summary>The discussion thresholds the draft was loaded with, as a rules file holding only them.</summary>
    public string BaseSettingsJson { get; set; } = "";
    public string RulesJson { get; set; } = "";
    public DateTimeOffset UpdatedAt { get; set; }
}

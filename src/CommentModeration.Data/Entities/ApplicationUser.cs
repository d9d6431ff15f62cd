using Microsoft.AspNetCore.Identity;

namespace CommentModeration.Data.Entities;

public sealed class ApplicationUser : IdentityUser
{
    /// <summary>The name shown on the user's comments: chosen at registration, never their email.</summary>
    [PersonalData]
    public string DisplayName { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}

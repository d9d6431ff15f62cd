using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.RegularExpressions;

namespace CommentModeration.Web.Accounts;

/// <summary>
/// The name a registered reader is shown by: on their comments, in the reply and report links,
/// in "Logged in as". Readers choose it; it is never their email address, which only staff see.
/// </summary>
public static partial class ReaderNames
{
    public const int MinLength = 2;
    public const int MaxLength = 50;

    /// <summary>The author shown on the comments of a deleted account that stay.</summary>
    public const string DeletedUser = "deleted user";

    /// <summary>The sign-in cookie's claim holding the display name, so pages need no query to show it.</summary>
    public const string ClaimType = "display_name";

    /// <summary>
    /// The chosen name tidied (trimmed, runs of spaces made one, composed form), or an error that
    /// says what is wrong with it.
    /// </summary>
    public static bool TryNormalize(string? input, out string name, out string error)
    {
        name = "";
        var text = (input ?? "").Normalize(NormalizationForm.FormC);
        foreach (var rune in text.EnumerateRunes())
        {
            if (IsInvisible(rune))
            {
                error = "A display name may not contain control or invisible characters (line breaks, direction marks, zero-width characters).";
                return false;
            }
        }
        text = Spaces().Replace(text.Trim(), " ");
        var length = text.EnumerateRunes().Count();
        if (length == 0)
        {
            error = "Choose a display name: it is shown with your comments.";
            return false;
        }
        if (length < MinLength || length > MaxLength)
        {
            error = $"A display name must be between {MinLength} and {MaxLength} characters long.";
            return false;
        }
        if (!text.EnumerateRunes().Any(Rune.IsLetterOrDigit))
        {
            error = "A display name needs at least one letter or digit.";
            return false;
        }
        if (EmailLike().IsMatch(text))
        {
            error = "A display name may not be an email address: it is shown to everyone.";
            return false;
        }
        if (string.Equals(text, DeletedUser, StringComparison.OrdinalIgnoreCase))
        {
            error = $"\"{DeletedUser}\" is kept for the comments of deleted accounts; choose another name.";
            return false;
        }
        name = text;
        error = "";
        return true;
    }

    /// <summary>The name to show for an account: its display name, or, when it has none fit to show, "Reader" and the start of its id.</summary>
    public static string Shown(string? displayName, string userId) =>
        TryNormalize(displayName, out var name, out _) ? name : Fallback(userId);

    /// <summary>A name that says nothing about the person; the data fix gave it to accounts without a fit display name.</summary>
    public static string Fallback(string userId) => ("Reader " + userId[..Math.Min(6, userId.Length)]).TrimEnd();

    /// <summary>Whether the text holds an email address (which no name shown to others may).</summary>
    public static bool HoldsEmail(string text) => EmailLike().IsMatch(text);

    /// <summary>The signed-in reader's name, from their cookie.</summary>
    public static string Of(ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimType) ?? Fallback(user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "");

    private static bool IsInvisible(Rune rune) => Rune.GetUnicodeCategory(rune) is
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
        or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned;

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"[^\s@]+@[^\s@]+\.[^\s@]+")]
    private static partial Regex EmailLike();
}

/// <summary>Form validation with <see cref="ReaderNames.TryNormalize"/>'s rules and messages.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ReaderNameAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext) =>
        ReaderNames.TryNormalize(value as string, out _, out var error)
            ? ValidationResult.Success
            : new ValidationResult(error, validationContext.MemberName is { } member ? [member] : null);
}

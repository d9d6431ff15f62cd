using Microsoft.Playwright;

namespace CommentModeration.E2E.Infrastructure;

/// <summary>
/// Staff pages are prerendered before their circuit connects, and what is done to the prerendered page
/// (a click, a choice, typing) changes nothing the server knows. A test that acts first thing on such a
/// page acts again until the page answers as only the circuit makes it answer.
/// </summary>
public static class Interactive
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(45);

    /// <summary>Does <paramref name="act"/>, then <paramref name="answered"/> (an expectation with a short timeout of its own), until the latter passes, for at most 45 s.</summary>
    public static async Task UntilAnsweredAsync(Func<Task> act, Func<Task> answered)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            try
            {
                await act();
                await answered();
                return;
            }
            catch (Exception e) when (e is PlaywrightException or TimeoutException && DateTime.UtcNow < deadline)
            {
                // Not interactive yet: again.
            }
        }
    }
}

using AngleSharp.Dom;
using Bunit;
using MudBlazor;

namespace CommentModeration.Web.Tests.Components;

/// <summary>
/// Picking from MudBlazor's selects and menus as a user does: open it, click the choice in its
/// popover (rendered by the <see cref="MudPopoverProvider"/>, not inside the component), and wait
/// until the popover has closed, which it does once the choice has been handled.
/// </summary>
public static class MudChoices
{
    /// <summary>A MudSelect (the element carrying its Class) opens on mouse down.</summary>
    public static void ChooseIn(this IRenderedComponent<MudPopoverProvider> popovers, IElement select, string choice)
    {
        select.MouseDown();
        popovers.PickOpen(choice);
    }

    /// <summary>A MudMenu opens when its button is clicked.</summary>
    public static void PickFromMenu(this IRenderedComponent<MudPopoverProvider> popovers, IElement menu, string choice)
    {
        OpenMenu(menu);
        popovers.PickOpen(choice);
    }

    public static void OpenMenu(IElement menu) => menu.QuerySelector("button.mud-menu-button-activator")!.Click();

    /// <summary>The choices an open select or menu offers.</summary>
    public static IReadOnlyList<IElement> OpenChoices(this IRenderedComponent<MudPopoverProvider> popovers, string selector) =>
        popovers.FindAll($".mud-popover-open {selector}");

    /// <summary>Clicks a choice of the select or menu that is open.</summary>
    public static void PickOpen(this IRenderedComponent<MudPopoverProvider> popovers, string choice)
    {
        popovers.WaitForElement($".mud-popover-open {choice}").Click();
        popovers.WaitForAssertion(() => Assert.Empty(popovers.FindAll(".mud-popover-open")));
    }
}

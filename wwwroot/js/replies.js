// Loads the replies behind a comment page's "N more replies" and "Continue this thread" links in
// place: the link's own address (the comment's thread view, which works without this script) is
// fetched, and its replies take the link's place. Anything unexpected navigates as the link would.
(() => {
  'use strict';

  document.addEventListener('click', async event => {
    const link = event.target instanceof Element ? event.target.closest('a.comment-more-link') : null;
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    const item = link.closest('li.comment-more');
    if (!item || link.getAttribute('aria-busy') === 'true') return;
    event.preventDefault();
    link.setAttribute('aria-busy', 'true');
    try {
      const response = await fetch(link.href, { headers: { Accept: 'text/html' }, credentials: 'same-origin' });
      if (!response.ok) throw new Error(`${response.status}`);
      const page = new DOMParser().parseFromString(await response.text(), 'text/html');
      const replies = page.querySelector(`li#comment-${CSS.escape(link.dataset.parent)} > ol.children`);
      if (!replies) throw new Error('no replies');
      const loaded = Array.from(replies.children, child => document.importNode(child, true));
      item.replaceWith(...loaded);
      const first = loaded.find(child => child.matches('li.comment'));
      if (first) first.querySelector('a, button')?.focus({ preventScroll: true });
    } catch {
      window.location.assign(link.href);
    }
  });
})();

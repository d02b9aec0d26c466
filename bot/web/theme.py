"""Page styling and the one bit of page script: [n] markers scroll to their source card."""

CSS = """
#bb-sources-col { position: sticky; top: 8px; align-self: flex-start; }
.bb-sources { max-height: 640px; overflow-y: auto; padding-right: 4px; }
.bb-source { border: 1px solid var(--border-color-primary); border-radius: 8px;
  padding: 10px 12px; margin-bottom: 10px; background: var(--background-fill-secondary);
  transition: box-shadow .3s; }
.bb-source.bb-flash { box-shadow: 0 0 0 3px var(--color-accent); }
.bb-source-head { margin-bottom: 2px; }
.bb-n { font-weight: 700; color: var(--color-accent); }
.bb-title { font-weight: 600; }
.bb-meta { font-size: .85em; color: var(--body-text-color-subdued); margin-bottom: 6px; }
.bb-passage { font-size: .92em; line-height: 1.45; white-space: pre-wrap; margin: 0; }
mark.bb-quote { background: #fde68a; color: #1f2937; padding: 0 2px; border-radius: 3px; }
.bb-cite { cursor: pointer; color: var(--color-accent); font-weight: 600; }
.bb-cite:hover { text-decoration: underline; }
.bb-empty { color: var(--body-text-color-subdued); }
.bb-status { margin: 4px 0; padding-left: 18px; }
.bb-error { color: var(--error-text-color, #b91c1c); }
table.bb-articles { width: 100%; border-collapse: collapse; font-size: .9em; border: none; }
table.bb-articles th, table.bb-articles td { text-align: left; padding: 4px 6px; border: none;
  border-bottom: 1px solid var(--border-color-primary); vertical-align: top; }
#bb-articles table, #bb-articles thead, #bb-articles tbody, #bb-articles tr { border: none !important; }
table.bb-articles tr:target { background: var(--color-accent-soft); }
"""

# Delegated, so it also works for answers that stream in after the page loaded.
HEAD = r"""<script>
document.addEventListener('click', function (event) {
  var marker = event.target && event.target.closest ? event.target.closest('.bb-cite') : null;
  if (!marker) { return; }
  var named = /bb-cite-(\d+)/.exec(marker.className);
  if (!named) { return; }
  var n = named[1];
  // Wait a moment: clicking an older answer first swaps the sources panel to its sources.
  setTimeout(function () {
    var card = document.getElementById('bb-src-' + n);
    if (!card) { return; }
    card.scrollIntoView({behavior: 'smooth', block: 'nearest'});
    card.classList.add('bb-flash');
    setTimeout(function () { card.classList.remove('bb-flash'); }, 1600);
  }, 400);
});
</script>"""

"""Page styling and the page script: [n] markers open their source or note, and lead back."""

CSS = """
#bb-sources-col { position: sticky; top: 8px; align-self: flex-start; }
.bb-sources { max-height: 640px; overflow-y: auto; padding-right: 4px; }
.bb-source { border: 1px solid var(--border-color-primary); border-radius: 8px;
  padding: 10px 12px; margin-bottom: 10px; background: var(--background-fill-secondary);
  transition: box-shadow .3s; scroll-margin-top: 8px; }
.bb-source.bb-flash, .bb-note.bb-flash, .bb-flash { box-shadow: 0 0 0 3px var(--color-accent); }
.bb-source-head { margin-bottom: 2px; }
.bb-n { font-weight: 700; color: var(--color-accent); }
.bb-title { font-weight: 600; }
.bb-meta, .bb-file { font-size: .85em; color: var(--body-text-color-subdued); margin-bottom: 6px;
  overflow-wrap: anywhere; }
.bb-passage { font-size: .92em; line-height: 1.45; white-space: pre-wrap; margin: 0;
  overflow-wrap: anywhere; }
mark.bb-quote { background: #fde68a; color: #1f2937; padding: 0 2px; border-radius: 3px; }
sup.bb-qn { color: var(--color-accent); font-weight: 700; margin-right: 1px; }
.bb-cite { cursor: pointer; color: var(--color-accent); font-weight: 600; }
.bb-cite:hover { text-decoration: underline; }
button.bb-back, button.bb-bcite { background: none; border: none; padding: 0 1px; margin: 0;
  color: var(--color-accent); cursor: pointer; font: inherit; font-weight: 600; }
button.bb-back { display: none; margin-top: 8px; font-size: .9em; }
.bb-source.bb-target button.bb-back { display: block; }
.bb-note.bb-target button.bb-back { display: inline; margin: 0 0 0 6px; }
button.bb-back:hover, button.bb-bcite:hover { text-decoration: underline; }
.bb-empty, .bb-hint, .bb-hint p { color: var(--body-text-color-subdued); font-size: .9em; }
.bb-welcome { text-align: center; max-width: 36em; margin: 0 auto; }
.bb-store-summary { font-size: 1.05em; }
.bb-filter-note { margin: 4px 0; font-size: .9em; color: var(--body-text-color-subdued); }
.bb-status { margin: 4px 0; padding-left: 18px; }
.bb-error { color: var(--error-text-color, #b91c1c); }
.bb-progress { display: flex; flex-direction: column; gap: 4px; margin: 6px 0; }
.bb-progress progress { width: 100%; height: 10px; accent-color: var(--color-accent); }
.bb-brief-doc { overflow-wrap: anywhere; }
.bb-brief-meta { font-style: italic; color: var(--body-text-color-subdued); }
.bb-brief-note { border-left: 3px solid var(--border-color-primary); padding-left: 8px; }
.bb-note { scroll-margin-top: 8px; transition: box-shadow .3s; border-radius: 4px; }
table.bb-articles { width: 100%; border-collapse: collapse; font-size: .9em; border: none; }
table.bb-articles th, table.bb-articles td { text-align: left; padding: 4px 6px; border: none;
  border-bottom: 1px solid var(--border-color-primary); vertical-align: top;
  overflow-wrap: anywhere; }
#bb-articles table, #bb-articles thead, #bb-articles tbody, #bb-articles tr { border: none !important; }
table.bb-articles tr:target { background: var(--color-accent-soft); }
@media (max-width: 640px) {
  table.bb-articles thead { display: none; }
  table.bb-articles, table.bb-articles tbody, table.bb-articles tr,
  table.bb-articles td { display: block; width: 100%; box-sizing: border-box; }
  table.bb-articles tr { border-bottom: 1px solid var(--border-color-primary) !important;
    padding: 6px 0; }
  table.bb-articles td { border: none; padding: 1px 4px; }
  table.bb-articles td:empty { display: none; }
  table.bb-articles td:not(.bb-art-title)::before { content: attr(data-label) ": ";
    color: var(--body-text-color-subdued); }
  table.bb-articles td.bb-art-title { font-weight: 600; }
  .bb-sources { max-height: none; }
}
"""

# Delegated, so it also works for answers and briefs that arrive after the page loaded.
HEAD = r"""<script>
(function () {
  var lastMarker = null;   // the [n] in the chat that was tapped last
  var lastBriefRef = null; // the [n] in the brief that was tapped last
  function flash(el) {
    el.classList.add('bb-flash');
    setTimeout(function () { el.classList.remove('bb-flash'); }, 1600);
  }
  function number(el, prefix) {
    var found = new RegExp(prefix + '-(\\d+)').exec(el.className);
    return found ? found[1] : null;
  }
  function attached(el) { return el && document.body.contains(el); }
  function target(el, selector) {  // the card or note jumped to shows its way back
    document.querySelectorAll(selector + '.bb-target').forEach(function (other) {
      other.classList.remove('bb-target');
    });
    el.classList.add('bb-target');
  }
  document.addEventListener('click', function (event) {
    var clicked = event.target && event.target.closest ? event.target : null;
    if (!clicked) { return; }
    var marker = clicked.closest('.bb-cite');
    if (marker) {
      var n = number(marker, 'bb-cite');
      if (!n) { return; }
      lastMarker = marker;
      // Wait a moment: clicking an older answer first swaps the sources panel to its sources.
      setTimeout(function () {
        var card = document.querySelector('#bb-sources .bb-for-' + n) ||
          document.getElementById('bb-src-' + n);
        if (!card) { return; }
        target(card, '.bb-source');
        card.scrollIntoView({behavior: 'smooth', block: 'start'});
        flash(card);
      }, 400);
      return;
    }
    var ref = clicked.closest('.bb-bcite');
    if (ref) {
      var m = number(ref, 'bb-bcite');
      var note = m && document.getElementById('bb-note-' + m);
      if (!note) { return; }
      lastBriefRef = ref;
      target(note, '.bb-note');
      note.scrollIntoView({behavior: 'smooth', block: 'center'});
      flash(note);
      return;
    }
    var back = clicked.closest('.bb-back');
    if (!back) { return; }
    var goal = null;
    if (back.closest('.bb-note')) {
      var k = number(back.closest('.bb-note'), 'bb-note') || back.closest('.bb-note').id.split('-').pop();
      goal = attached(lastBriefRef) ? lastBriefRef :
        document.querySelector('#bb-brief .bb-bcite-' + k);
    } else {
      var bots = document.querySelectorAll('#bb-chat [data-testid=bot]');
      goal = attached(lastMarker) ? lastMarker : bots[bots.length - 1];
    }
    if (goal) {
      goal.scrollIntoView({behavior: 'smooth', block: 'center'});
      flash(goal);
    }
  });
})();
</script>"""

/**
 * The selection bar of a set page: how many rows are ticked, "Retry/Run selected", "Delete
 * selected" (confirmed; each job is acted on by its own request, and the report says which failed
 * and why) and "Clear selection".
 */
import { api } from '../api';
import { confirmAction } from '../dialog';
import { button, h } from '../dom';
import { count } from '../format';
import { runAction } from '../page';
import { plural } from './set-texts';
import type { RowKey, SetView } from './set-view';

/** The bar's content; nothing when no row is selected. */
export function selectionBar(view: SetView): Node | null {
  if (view.selected.size === 0) return null;
  const { texts, ctx } = view;
  const rows = [...view.selected.values()];
  const act = async (action: 'run' | 'delete') => {
    const label = action === 'delete' ? 'Delete' : texts.run;
    if (
      !(await confirmAction({
        title: `${label} ${plural(rows.length, 'selected job')}?`,
        message:
          action === 'delete'
            ? 'The selected jobs are deleted. This cannot be undone.'
            : `The selected jobs ${texts.runAllEffect}`,
        confirmLabel: label,
      }))
    )
      return;
    await runAction(
      ctx,
      () => actOnEach(view, rows, action),
      (message) => message,
    );
    view.afterAction();
  };
  return h(
    'div',
    { class: 'toolbar selection', role: 'region', 'aria-label': 'Selected jobs' },
    h('span', { 'data-testid': 'selected-count' }, `${count(rows.length)} selected`),
    button(`${texts.run} selected`, () => void act('run'), { 'data-key': 'run-selected' }),
    button('Delete selected', () => void act('delete'), {
      class: 'danger',
      'data-key': 'delete-selected',
    }),
    button('Clear selection', () => (view.selected.clear(), view.showSelection(), ctx.refresh()), {
      'data-key': 'clear-selection',
    }),
  );
}

/** Runs or deletes each row in turn; the sentence counts the successes and lists the failures. */
async function actOnEach(view: SetView, rows: RowKey[], action: 'run' | 'delete'): Promise<string> {
  let ok = 0;
  const failures: string[] = [];
  for (const r of rows) {
    try {
      await api.act(view.set, action, r.score, r.id);
      ok++;
    } catch (err) {
      failures.push(`${r.id}: ${(err as Error).message}`);
    }
  }
  const verb = action === 'delete' ? 'Deleted' : view.texts.runDone;
  return `${verb} ${ok} of ${plural(rows.length, 'selected job')}.${failures.length ? ` Failed: ${failures.join('; ')}` : ''}`;
}

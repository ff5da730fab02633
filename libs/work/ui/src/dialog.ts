/**
 * Confirmation for destructive actions, in a native <dialog> (focus trapped, Escape cancels).
 * With `typeToConfirm`, the confirm button is enabled only once that exact text is typed.
 */
import { h } from './dom';

export function confirmAction(options: {
  title: string;
  message: string;
  confirmLabel: string;
  typeToConfirm?: string;
}): Promise<boolean> {
  return new Promise((resolve) => {
    const confirm = h(
      'button',
      { type: 'submit', class: 'danger', value: 'ok', 'data-testid': 'confirm' },
      options.confirmLabel,
    );
    const input = options.typeToConfirm
      ? h('input', {
          type: 'text',
          autocomplete: 'off',
          'aria-label': `Type ${options.typeToConfirm} to confirm`,
          'data-testid': 'confirm-input',
        })
      : null;
    if (input) {
      confirm.disabled = true;
      input.addEventListener(
        'input',
        () => (confirm.disabled = input.value !== options.typeToConfirm),
      );
    }
    const form = h(
      'form',
      { method: 'dialog' },
      h('h2', {}, options.title),
      h('p', {}, options.message),
      input
        ? h(
            'label',
            {},
            'Type ',
            h('code', {}, options.typeToConfirm ?? ''),
            ' to confirm: ',
            input,
          )
        : null,
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'submit', value: 'cancel' }, 'Cancel'),
        confirm,
      ),
    );
    const dialog = h('dialog', { 'aria-label': options.title }, form);
    dialog.addEventListener('close', () => {
      resolve(dialog.returnValue === 'ok');
      dialog.remove();
    });
    document.body.appendChild(dialog);
    dialog.showModal();
    (input ?? confirm).focus();
  });
}

/**
 * After a failed submit, move focus to the first control with an error message so
 * keyboard and screen-reader users land on the problem (and it scrolls into view).
 * Runs on the next frame, once React has rendered the messages.
 */
export function focusFirstError(form: HTMLFormElement | null): void {
  if (!form) return;
  requestAnimationFrame(() => {
    const message = form.querySelector('.field-error');
    const group = message?.closest('.field, .check-field, fieldset');
    const control = group?.querySelector<HTMLElement>('input:not([type=hidden]), select, textarea');
    control?.focus();
  });
}

/** Every placeholder kokuchi writes starts with this; `kokuchi translations` lists the ones still left. */
export const PLACEHOLDER_MARK = 'TODO:';

/** True when a text is still a placeholder written by `kokuchi new` or `kokuchi update`. */
export function isPlaceholder(text: string): boolean {
  return text.trimStart().startsWith(PLACEHOLDER_MARK);
}

/**
 * The title of a rendered document (its <title>, the PDF's Title, the stored file's name): the data's
 * own `title` where the template takes one (a contract's name, a congress's resolution), marked
 * （草案） for a draft; otherwise the template's Chinese title.
 */
export function documentTitle(templateTitleZh: string, data: Record<string, unknown>): string {
  const own = typeof data.title === 'string' && data.title.trim() !== '' ? data.title.trim() : templateTitleZh;
  return data.draft === true ? `${own}（草案）` : own;
}

// Server field issues ({path, message}) mapped onto the fields of a form whose names differ from the
// API's ("local.path" → "path", "quotaBytes" → "quotaGb").

export interface Issue {
  path: string;
  message: string;
}

export interface MappedIssues<F extends string> {
  /** The first message for each form field. */
  fields: Partial<Record<F, string>>;
  /** Issues no field on the form can show. */
  other: Issue[];
}

/** Sorts issues onto form fields with `fieldOf` (null: no field shows it). The first message per field wins. */
export function mapIssues<F extends string>(issues: readonly Issue[], fieldOf: (path: string) => F | null): MappedIssues<F> {
  const fields: Partial<Record<F, string>> = {};
  const other: Issue[] = [];
  for (const issue of issues) {
    const field = fieldOf(issue.path.replace(/^body\./, ''));
    if (field === null) other.push(issue);
    else if (fields[field] === undefined) fields[field] = issue.message;
  }
  return { fields, other };
}

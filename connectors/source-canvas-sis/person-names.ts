/** A person's first and last name, and the column each was taken from. */
export interface PersonNames {
  first: string;
  last: string;
  /** The Canvas column the names come from: first_name/last_name, sortable_name or full_name. */
  from: { first: string; last: string };
}

/**
 * Canvas users.csv gives first_name and last_name, or instead full_name
 * ("Bob Smith") and sortable_name ("Smith, Bob"). The separate columns win;
 * when both are blank, sortable_name splits at its comma, else full_name
 * before its last word.
 */
export function personNames(first: string, last: string, full: string, sortable: string): PersonNames {
  if (first || last) return { first, last, from: { first: 'first_name', last: 'last_name' } };
  const comma = sortable.indexOf(',');
  if (comma > 0) {
    return { first: sortable.slice(comma + 1).trim(), last: sortable.slice(0, comma).trim(), from: { first: 'sortable_name', last: 'sortable_name' } };
  }
  const whole = full || sortable;
  const column = full ? 'full_name' : 'sortable_name';
  const space = whole.search(/\s\S+$/);
  if (space < 0) return { first: whole, last: '', from: { first: column, last: column } };
  return { first: whole.slice(0, space).trim(), last: whole.slice(space).trim(), from: { first: column, last: column } };
}

export const FERRY_ROLES = ['student', 'instructor', 'parent', 'client', 'staff'] as const;
export type FerryRole = (typeof FERRY_ROLES)[number];

/** Canvas's built-in enrollment roles (SIS CSV `role`) as Ferry roles. */
export const CANVAS_ROLES: Readonly<Record<string, FerryRole>> = {
  student: 'student',
  teacher: 'instructor',
  ta: 'instructor',
  designer: 'staff',
  observer: 'parent',
};

/** A Canvas role (any case) as a Ferry role: the `roleMap` option first (custom roles), then the built-in ones. */
export function ferryRoleOf(canvasRole: string, roleMap: Record<string, FerryRole> | undefined): FerryRole | undefined {
  const key = canvasRole.trim().toLowerCase();
  if (roleMap) {
    for (const [name, role] of Object.entries(roleMap)) if (name.trim().toLowerCase() === key) return role;
  }
  return Object.prototype.hasOwnProperty.call(CANVAS_ROLES, key) ? CANVAS_ROLES[key] : undefined;
}

export function unknownRoleMessage(canvasRole: string): string {
  return `"${canvasRole}" is not a Canvas role Ferry knows (${Object.keys(CANVAS_ROLES).join(', ')}). ` +
    `For a custom role, add it to the roleMap option, e.g. { "${canvasRole || 'Grader'}": "instructor" }.`;
}

/**
 * A DHIS2 organisation unit as healthcred keeps it: what `/api/organisationUnits?fields=id,code,name,shortName,
 * level,path,parent[id]` exports. `path` lists the UIDs from the root to the unit (`/ImspTQPwCqd/O6uvpzGd5pu/
 * DiszpKrYNg8`), so the ancestors of a unit and their levels are known without walking `parent`.
 */
export interface OrgUnit {
  /** The UID. */
  id: string;
  name: string;
  /** 1 for the root (usually the country); each level down adds one. */
  level: number;
  path: string;
  code?: string;
  shortName?: string;
  /** UID of the parent; absent for a root. */
  parent?: string;
}

import { Cell } from "../../../lib/schemas/cell";

/** What is wrong with a cell as typed, one line per problem with the field it concerns. */
export function cellIssues(cell: Cell): string[] {
  const parsed = Cell.safeParse(cell);
  if (parsed.success) return [];
  return parsed.error.issues.map((i) => `${i.path.length > 0 ? `${i.path.join(".")}: ` : ""}${i.message}`);
}

export function CellIssues({ issues }: { issues: string[] }) {
  if (issues.length === 0) return null;
  return (
    <ul className="nb-issues" role="alert" data-testid="cell-issues">
      {issues.map((m) => (
        <li key={m} className="field-error">
          {m}
        </li>
      ))}
    </ul>
  );
}

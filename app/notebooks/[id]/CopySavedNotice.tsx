import Link from "next/link";

/** After "save mine as a copy": where the user's version went (this tab now shows the stored one). */
export function CopySavedNotice({ copy, onDismiss }: { copy: { id: string; title: string }; onDismiss(): void }) {
  return (
    <div className="nb-banner warn" role="status" data-testid="copy-saved">
      <p>
        Your version was saved as a new notebook, <Link href={`/notebooks/${copy.id}`}>“{copy.title}”</Link>. This tab now shows the stored version.
      </p>
      <button type="button" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}

import type { TeacherForced } from "../../../../lib/schemas/cellRun";
import { SummaryNumbers } from "./SummaryNumbers";
import { numbersOfDiff } from "./tokenNumbers";
import { TokenStrip } from "./TokenStrip";
import { visibleProse } from "./tokenText";

/** Both backends re-scored on one side's generated tokens: the comparison continues past the split. */
export function TeacherForcedView({ tf, names }: { tf: TeacherForced; names: { a: string; b: string } }) {
  const ref = tf.reference.toUpperCase();
  const other = tf.reference === "a" ? "B" : "A";
  return (
    <section className="out-tf" data-testid="teacher-forced" aria-label="Teacher-forced comparison">
      <h4>
        Teacher-forced on {ref}&apos;s tokens{" "}
        <span className="muted">
          ({tf.ids.length - tf.outputStart} generated tokens after {tf.outputStart} prompt tokens, scored by both sides; {other}&apos;s own choices no
          longer steer the text)
        </span>
      </h4>
      {tf.errors.length > 0 && (
        <ul className="error-text" data-testid="teacher-forced-errors">
          {tf.errors.map((e) => (
            <li key={e}>{visibleProse(e)}</li>
          ))}
        </ul>
      )}
      {tf.diff && (
        <>
          <SummaryNumbers tokens={numbersOfDiff(tf.diff)} testId="teacher-forced-numbers" />
          <TokenStrip diff={tf.diff} a={tf.a} b={tf.b} names={names} title={`Output of ${ref}, teacher-forced through both sides`} testId="teacher-forced-strip" />
        </>
      )}
    </section>
  );
}

/**
 * Lays intervals into lanes like a Gantt chart: each goes into the lowest-numbered lane free at its
 * start, so the number of lanes in use at any moment is the number of intervals in flight.
 * `starts` must be ascending. Returns each interval's lane. Runs store times to the microsecond, so an
 * interval may seem to end up to `slackMs` after the next one in its lane starts; that is not overlap.
 */
export function assignLanes(starts: ArrayLike<number>, ends: ArrayLike<number>, slackMs = 0.002): Int32Array {
  const lanes = new Int32Array(starts.length);
  const laneEnd: number[] = [];
  for (let i = 0; i < starts.length; i++) {
    const s = starts[i] as number;
    let lane = 0;
    while (lane < laneEnd.length && (laneEnd[lane] as number) > s + slackMs) lane++;
    laneEnd[lane] = Math.max(s, ends[i] as number);
    lanes[i] = lane;
  }
  return lanes;
}

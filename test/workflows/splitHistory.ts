/**
 * Histories as a busy server also writes them: a workflow task that ends right after a local activity's
 * marker, with the rest of that task's commands in the next one.
 *
 * The worker completes a workflow task early when a local activity outlives most of the task's timeout (it
 * heartbeats the task) or when it must answer something else first, and the server then schedules a new task
 * at once (no event caused it). The commands the code issued after the local activity's answer land in that
 * next task. A replay must agree with such a history exactly as with one where everything stayed in one task:
 * seen in CI (humanStepRaces, 2026-11-30) as "Non-deprecated patch marker encountered for change
 * annual-report-content-context, but there is no corresponding change command" once `patched()` was first
 * called right after a local activity (see workflows/patches.ts).
 *
 * Works on the JSON form of fixtures/histories (proto3 JSON: event ids are strings).
 */

type Json = Record<string, unknown>;
interface JsonEvent extends Json {
  eventId: string;
  eventType: string;
}
export interface HistoryJson extends Json {
  events: JsonEvent[];
}

const LOCAL_ACTIVITY_MARKER = 'core_local_activity';

function attributes(e: JsonEvent): Json {
  const key = Object.keys(e).find((k) => k.endsWith('EventAttributes'));
  return key ? (e[key] as Json) : {};
}

/** The events a workflow task's completion wrote (commands): they name that completion. */
function completedBy(e: JsonEvent): string | undefined {
  const id = attributes(e).workflowTaskCompletedEventId;
  return typeof id === 'string' ? id : undefined;
}

/**
 * The indexes of the local-activity markers after which the same workflow task wrote more commands: the
 * places where a busy server could have ended that task.
 */
export function localActivitySplitPoints(history: HistoryJson): number[] {
  const points: number[] = [];
  history.events.forEach((e, i) => {
    const next = history.events[i + 1];
    if (!next || e.eventType !== 'EVENT_TYPE_MARKER_RECORDED' || attributes(e).markerName !== LOCAL_ACTIVITY_MARKER) return;
    const task = completedBy(e);
    if (task !== undefined && completedBy(next) === task) points.push(i);
  });
  return points;
}

/** Every field that holds an event id (eventId itself, scheduledEventId, workflowTaskCompletedEventId, ...), shifted. */
function shiftEventIds(value: unknown, from: number, by: number): unknown {
  if (Array.isArray(value)) return value.map((v) => shiftEventIds(v, from, by));
  if (typeof value !== 'object' || value === null) return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value as Json)) {
    if ((k === 'eventId' || k.endsWith('EventId')) && typeof v === 'string' && Number(v) >= from) out[k] = String(Number(v) + by);
    else out[k] = shiftEventIds(v, from, by);
  }
  return out;
}

/**
 * The history with its workflow task ended after event `index` (a local-activity marker): a new task is
 * scheduled, started and completed there, and the commands after the marker belong to that new task.
 */
export function splitAfter(history: HistoryJson, index: number): HistoryJson {
  const marker = history.events[index];
  const task = completedBy(marker);
  if (task === undefined) throw new Error(`event ${marker.eventId} was not written by a workflow task`);
  const completed = history.events.find((e) => e.eventId === task)!;
  const started = history.events.find((e) => e.eventId === String(attributes(completed).startedEventId))!;
  const scheduled = history.events.find((e) => e.eventId === String(attributes(completed).scheduledEventId))!;
  const at = Number(marker.eventId) + 1;
  const shifted = (shiftEventIds(history, at, 3) as HistoryJson).events;
  const ids = { scheduled: String(at), started: String(at + 1), completed: String(at + 2) };
  const copy = (e: JsonEvent, eventId: string, attrs: Json): JsonEvent => {
    const key = Object.keys(e).find((k) => k.endsWith('EventAttributes'))!;
    return { ...e, eventId, eventTime: marker.eventTime, [key]: { ...(e[key] as Json), ...attrs } };
  };
  const inserted = [
    copy(scheduled, ids.scheduled, { attempt: 1 }),
    copy(started, ids.started, { scheduledEventId: ids.scheduled }),
    copy(completed, ids.completed, { scheduledEventId: ids.scheduled, startedEventId: ids.started }),
  ];
  // The rest of the old task's commands now name the new completion.
  const rest = shifted.slice(index + 1).map((e) => {
    if (completedBy(e) !== task) return e;
    const key = Object.keys(e).find((k) => k.endsWith('EventAttributes'))!;
    return { ...e, [key]: { ...(e[key] as Json), workflowTaskCompletedEventId: ids.completed } };
  });
  return { ...history, events: [...shifted.slice(0, index + 1), ...inserted, ...rest] };
}

/**
 * The history up to the end of the workflow task after the split (the next task scheduled is left out): a
 * replay meets the split there, and a history that ends on a completed task is what a running flow's is.
 */
export function throughTaskAfterSplit(split: HistoryJson, index: number): HistoryJson {
  const next = split.events.findIndex((e, i) => i > index + 3 && e.eventType === 'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED');
  return next < 0 ? split : { ...split, events: split.events.slice(0, next) };
}

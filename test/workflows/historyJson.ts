/**
 * A Temporal history to and from the JSON form other Temporal tools write (`temporal workflow show --output
 * json`, the Web UI's download): the same conversion as `historyToJSON` / `historyFromJSON` of
 * `@temporalio/common/lib/proto-utils`, done with the protobufjs copy that `@temporalio/proto` itself loads.
 *
 * Why not the SDK's own: with this project's lock file npm installs two copies of protobufjs 8 (one under
 * @temporalio/common, one under @temporalio/proto), and protobufjs checks `type instanceof Type` against
 * its own copy, so the SDK's functions throw "type must be a Type" (and `Worker.runReplayHistory` with a
 * JSON history fails the same way). Resolving protobufjs from @temporalio/proto works in both layouts.
 */
import { createRequire } from 'node:module';
import * as proto from '@temporalio/proto';
import { patchProtobufRoot } from '@temporalio/proto/lib/patch-protobuf-root';

type History = proto.temporal.api.history.v1.History;

interface ProtoJson {
  toJson(type: unknown, message: unknown): unknown;
  fromJson(type: unknown, json: unknown, options?: { ignoreUnknownFields?: boolean }): unknown;
}

const protoRequire = createRequire(require.resolve('@temporalio/proto'));
const protojson = protoRequire('protobufjs/ext/protojson') as ProtoJson;
const historyType = (patchProtobufRoot(proto) as unknown as { lookupType(name: string): unknown }).lookupType('temporal.api.history.v1.History');

/** The history as pretty-printed proto3 JSON (enum names, RFC 3339 times, base64 payloads). */
export function historyToJSON(history: proto.temporal.api.history.v1.IHistory): string {
  return JSON.stringify(protojson.toJson(historyType, proto.temporal.api.history.v1.History.fromObject(history)), null, 2);
}

/** A history read back from that JSON, as the replay worker takes it. Unknown fields (a newer server) are ignored. */
export function historyFromJSON(json: unknown): History {
  if (typeof json !== 'object' || json === null || !Array.isArray((json as { events?: unknown }).events)) {
    throw new TypeError('not a Temporal history: expected an object with an array of events');
  }
  return protojson.fromJson(historyType, json, { ignoreUnknownFields: true }) as History;
}

/**
 * OpenTelemetry's RPC and messaging attribute names (still "development" in the semantic
 * conventions package, whose incubating entry point is not meant to be imported: the names are
 * copied here, as its README advises).
 *
 * @internal
 */
export const RPC_SYSTEM = 'rpc.system';
/** @internal */
export const RPC_METHOD = 'rpc.method';
/** @internal */
export const RPC_GRPC_STATUS_CODE = 'rpc.grpc.status_code';
/** @internal */
export const MESSAGING_SYSTEM = 'messaging.system';
/** @internal */
export const MESSAGING_DESTINATION_NAME = 'messaging.destination.name';
/** @internal */
export const MESSAGING_OPERATION_TYPE = 'messaging.operation.type';
/** @internal */
export const MESSAGING_OPERATION_NAME = 'messaging.operation.name';
/** @internal */
export const MESSAGING_MESSAGE_ID = 'messaging.message.id';
/** A scheduled task's name (`@Cron`, `@Interval`, `@Timeout`): the SDK's own attribute. @internal */
export const NESTJS_SCHEDULE_TASK = 'nestjs.schedule.task';
/** How a scheduled task is scheduled (`cron`, `interval`, `timeout`). @internal */
export const NESTJS_SCHEDULE_TYPE = 'nestjs.schedule.type';

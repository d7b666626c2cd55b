export { createGateway, type Gateway, type GatewayOptions } from './gateway';
export { applyCors, corsHeaders } from './cors';
export { sendJson, sendEmpty, readBody, BodyTooLargeError } from './respond';
export type { KeyPolicy } from './api-key';
export type {
	Route,
	RouteRequest,
	ServiceModule,
	StackContext,
	StackService,
	UpgradeRoute
} from './service';
export { unavailableService } from './unavailable';

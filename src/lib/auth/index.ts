export * from './roles';
export * from './claims';
export * from './guard';
export * from './mfa';
export {
	AuthUnavailableError,
	authErrorMessage,
	authErrorStatus,
	isAuthUnavailable,
	unavailableMessage
} from './auth-errors';
export * from './forms';
export { ownRoleQuery } from './own-role';
export { viewerFrom, type Viewer } from './viewer';

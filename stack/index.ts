// The local stack's public face: start it in-process, as tests and `npm run dev` do.
export { createStack, PortInUseError, type Stack, type StackOptions } from './create-stack';
export { ConfigError } from './config';
export { MigrationError, DataFolderError } from './db';
export { SigningKeysError } from './keys';
